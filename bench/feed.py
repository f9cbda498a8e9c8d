"""Home feed benchmark: one page of GET /api/v1/feed's query as the feed grows.

Builds a SQLite organisation in a temporary data dir (200 people, 20 zones, a quarter private,
the reader a member of 3 of the private ones) with N wiki pages and one feed entry each, then
times feed.services.feed_for() for that reader: the first page and a page deep down (following
`next` 20 times), median of 7 runs. The bare baseline in the same run is the same number of
rows read newest first with no privacy or visibility condition at all.
Run: python bench/feed.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone, not an installed one

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from innovationzone.app import create_app  # noqa: E402

PEOPLE, ZONES, LIMIT = 200, 20, 50


def build(session, entries: int) -> int:  # noqa: ANN001 - answers the reader's id
    from innovationzone.accounts.models import User
    from innovationzone.db import utcnow
    from innovationzone.feed.models import FeedEntry
    from innovationzone.wiki.models import Page
    from innovationzone.zones.models import Membership, Zone

    rnd, now = random.Random(1), utcnow()
    session.execute(
        insert(User),
        [
            {
                "username": f"u{i}",
                "display_name": f"U {i}",
                "department": "IT",
                "password_hash": "x",
            }
            for i in range(PEOPLE)
        ],
    )
    session.execute(
        insert(Zone),
        [
            {
                "slug": f"z{i}",
                "name": f"Zone {i}",
                "description": "",
                "visibility": "private" if i % 4 == 0 else "public",
            }
            for i in range(ZONES)
        ],
    )
    users = list(session.scalars(select(User.id)))
    zones = list(session.scalars(select(Zone.id).order_by(Zone.id)))
    reader = users[0]
    private = [z for i, z in enumerate(zones) if i % 4 == 0]
    session.execute(
        insert(Membership),
        [{"zone_id": z, "user_id": reader, "role": "member"} for z in private[:3]],
    )
    pages = [
        {
            "zone_id": rnd.choice(zones),
            "path": f"P{i}",
            "title": f"Pagina {i}",
            "revision": 1,
            "updated_at": now - timedelta(minutes=i),
            "deleted_at": now if i % 50 == 0 else None,
        }
        for i in range(entries)
    ]
    session.execute(insert(Page), pages)
    ids = session.execute(select(Page.id, Page.zone_id, Page.updated_at)).all()
    session.execute(
        insert(FeedEntry),
        [
            {
                "type": "page",
                "object_id": pid,
                "zone_id": zone_id,
                "actor_id": rnd.choice(users),
                "title": "t",
                "url": "/",
                "summary": "",
                "created_at": at,
            }
            for pid, zone_id, at in ids
        ],
    )
    session.commit()
    return reader


def median_ms(fn, runs: int = 7) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(size: int) -> tuple[float, float, float]:
    """(bare first page, feed first page, feed page 21) in ms, on a fresh database of `size`."""
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app({"IZ_DATA_DIR": data_dir, "IZ_ASYNC_MODE": "threading"})
        with app.app_context():
            from innovationzone.accounts.models import User
            from innovationzone.extensions import db
            from innovationzone.feed.models import FeedEntry
            from innovationzone.feed.services import feed_for

            upgrade()
            reader = db.session.get(User, build(db.session, size))
            bare = select(FeedEntry).order_by(FeedEntry.created_at.desc(), FeedEntry.id.desc())
            cursor = None
            for _ in range(20):
                cursor = feed_for(reader, limit=LIMIT, cursor=cursor).next
            return (
                median_ms(lambda: list(db.session.scalars(bare.limit(LIMIT + 1)))),
                median_ms(lambda: feed_for(reader, limit=LIMIT, cursor=None)),
                median_ms(lambda: feed_for(reader, limit=LIMIT, cursor=cursor)),
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'entries':>8} | {'bare first':>10} | {'feed first':>10} | {'feed page 21':>12}")
    for size in sizes:
        bare, first, deep = measure(size)
        print(f"{size:>8} | {bare:>8.1f}ms | {first:>8.1f}ms | {deep:>10.1f}ms")


if __name__ == "__main__":
    main()
