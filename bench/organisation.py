"""What the service benchmarks share: a bulk-inserted organisation and a median timer.

People in departments, zones (a quarter private) and memberships, inserted in three statements
so a benchmark spends its time on what it measures, not on building data.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable

from sqlalchemy import insert

PEOPLE, ZONES = 200, 20


def insert_people_and_zones(session, departments: list[str]) -> None:  # noqa: ANN001 - a Session
    """PEOPLE users spread over `departments`, ZONES zones, every 7th person a member of each."""
    from innovationzone.accounts.models import User
    from innovationzone.zones.models import Membership, Zone

    session.execute(
        insert(User),
        [
            {
                "id": i,
                "username": f"u{i}",
                "display_name": f"U {i}",
                "password_hash": "x",
                "department": departments[i % len(departments)],
            }
            for i in range(1, PEOPLE + 1)
        ],
    )
    session.execute(
        insert(Zone),
        [
            {
                "id": z,
                "slug": f"z{z}",
                "name": f"Zone {z}",
                "visibility": "private" if z % 4 == 0 else "public",
            }
            for z in range(1, ZONES + 1)
        ],
    )
    session.execute(
        insert(Membership),
        [
            {"zone_id": z, "user_id": u}
            for z in range(1, ZONES + 1)
            for u in range(1, PEOPLE + 1, 7)
        ],
    )


def median_ms(fn: Callable[[], object]) -> float:
    """Median wall time of seven calls, in milliseconds."""
    times = []
    for _ in range(7):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def postgres_database() -> tuple[str, Callable[[], None]]:
    """A new PostgreSQL database on the machine's server (127.0.0.1:5432, trust) for one run,
    and the function that drops it (sessions still open are closed first)."""
    import psycopg
    from sqlalchemy.orm import close_all_sessions

    name = f"iz_bench_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        close_all_sessions()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop
