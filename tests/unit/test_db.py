"""SQLite under concurrency: no 'database is locked', no lost update, durable settings."""

from __future__ import annotations

import threading

from sqlalchemy import select, text

from innovationzone.db import write_transaction
from innovationzone.extensions import db
from innovationzone.zones.models import Zone


def _increment(app, zone_id: int, times: int, errors: list) -> None:
    try:
        for _ in range(times):
            with app.app_context():
                # read the counter in this request's session, then write it back: the race
                zone = db.session.get(Zone, zone_id)
                with write_transaction():
                    db.session.refresh(zone)
                    zone.name = str(int(zone.name) + 1)
    except Exception as error:  # collected, so the assertion shows it
        errors.append(error)


def test_four_concurrent_writers_lose_no_update(app):
    with app.app_context():
        with write_transaction() as session:
            zone = Zone(slug="counter", name="0")
            session.add(zone)
        zone_id = zone.id
    errors: list = []
    threads = [
        threading.Thread(target=_increment, args=(app, zone_id, 25, errors)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(Zone.name).where(Zone.id == zone_id)) == "100"


def test_sqlite_connections_use_wal_full_sync_foreign_keys(ctx):
    connection = db.session.connection()
    assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_only_throwaway_state_is_written_without_fsync(ctx):
    """Presence and open sockets commit with synchronous=NORMAL; content keeps FULL, also after."""
    levels = []
    for durable in (True, False, True):
        with write_transaction(durable=durable) as session:
            session.add(Zone(slug=f"z{len(levels)}", name="Z"))
            levels.append(session.execute(text("PRAGMA synchronous")).scalar())
    assert levels == [2, 1, 2]  # FULL, NORMAL, FULL


def test_rollback_on_error_keeps_nothing(ctx):
    try:
        with write_transaction() as session:
            session.add(Zone(slug="ghost", name="Ghost"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.session.scalar(select(Zone).where(Zone.slug == "ghost")) is None
