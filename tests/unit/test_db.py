"""SQLite under concurrency: no 'database is locked', no lost update, durable settings."""

from __future__ import annotations

import threading

from sqlalchemy import select, text, update

from innovationzone.db import rows_changed, write_transaction
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


def test_every_write_waits_for_the_disk(ctx):
    """Nothing is written without an fsync (who is online and which sockets are open are not
    written at all): an acknowledged write survives a power cut."""
    with write_transaction() as session:
        session.add(Zone(slug="z", name="Z"))
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_rollback_on_error_keeps_nothing(ctx):
    try:
        with write_transaction() as session:
            session.add(Zone(slug="ghost", name="Ghost"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.session.scalar(select(Zone).where(Zone.slug == "ghost")) is None


def test_a_claim_is_won_once(ctx):
    """The sweeps and the mail worker claim a row with an UPDATE that only the first taker's
    WHERE matches: the first claim changes one row, a second one none, so only one acts."""
    with write_transaction() as session:
        session.add(Zone(slug="claimed", name="open"))

    def claim() -> int:
        with write_transaction() as session:
            return rows_changed(
                session,
                update(Zone)
                .where(Zone.slug == "claimed", Zone.name == "open")
                .values(name="taken"),
            )

    assert claim() == 1
    assert claim() == 0
    assert db.session.scalar(select(Zone.name).where(Zone.slug == "claimed")) == "taken"
