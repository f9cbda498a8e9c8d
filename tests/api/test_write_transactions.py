"""A write after a request's reads, on both databases: it sees what others committed meanwhile,
keeps nothing when it fails, and on PostgreSQL goes on in the reads' transaction (one BEGIN and
one COMMIT, one pooled connection) where SQLite must end its read snapshot first."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, update

from innovationzone.db import write_transaction
from innovationzone.events import on_commit
from innovationzone.extensions import db
from innovationzone.zones.models import Zone


def _zone_named(app, name: str) -> None:  # noqa: ANN001
    with app.app_context(), write_transaction() as session:
        session.add(Zone(slug="teller", name=name))


def _rename_elsewhere(app, name: str) -> None:  # noqa: ANN001
    """Another request (an app context of its own: another session and connection) commits."""
    with app.app_context(), write_transaction() as session:
        session.execute(update(Zone).where(Zone.slug == "teller").values(name=name))


def _name(app) -> str:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Zone.name).where(Zone.slug == "teller"))


def test_a_write_after_reads_sees_what_another_request_committed_meanwhile(app):
    _zone_named(app, "0")
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == "teller"))
        assert zone.name == "0"  # read: the request's transaction is open
        _rename_elsewhere(app, "1")
        with write_transaction():
            assert zone.name == "1"  # expired as a commit expires it, and read again
            zone.name = str(int(zone.name) + 1)
    assert _name(app) == "2"


def test_expire_false_keeps_what_was_loaded_while_queries_see_the_latest(app):
    _zone_named(app, "0")
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == "teller"))
        _rename_elsewhere(app, "1")
        with write_transaction(expire=False) as session:
            assert zone.name == "0"  # as loaded
            assert session.scalar(select(Zone.name).where(Zone.slug == "teller")) == "1"


def test_a_failed_write_after_reads_keeps_nothing_and_tells_nothing(app):
    _zone_named(app, "0")
    told: list[str] = []
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == "teller"))
        with pytest.raises(RuntimeError), write_transaction() as session:
            zone.name = "changed"
            session.add(Zone(slug="ghost", name="Ghost"))
            on_commit(lambda: told.append("committed"))
            session.flush()
            raise RuntimeError("boom")
        # the session is usable again, on what was committed
        assert db.session.scalar(select(Zone.slug).where(Zone.slug == "ghost")) is None
        assert zone.name == "0"
        with write_transaction():
            zone.name = "1"
    assert told == []
    assert _name(app) == "1"


def test_postgres_writes_in_the_reads_transaction(app, backend):
    """A save reads (access, the page, the links) and then writes. On PostgreSQL (READ COMMITTED)
    the write goes on in the reads' transaction: one BEGIN, one COMMIT, one checkout of a pooled
    connection. SQLite commits its read snapshot and begins the write (BEGIN IMMEDIATE) anew."""
    _zone_named(app, "0")
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
        listeners = {
            "begin": lambda *_: seen.append("begin"),
            "commit": lambda *_: seen.append("commit"),
        }
        for name, listener in listeners.items():
            event.listen(engine, name, listener)
        event.listen(engine.pool, "checkout", checkout := lambda *_: seen.append("checkout"))
        try:
            zone = db.session.scalar(select(Zone).where(Zone.slug == "teller"))
            with write_transaction():
                zone.name = "1"
        finally:
            for name, listener in listeners.items():
                event.remove(engine, name, listener)
            event.remove(engine.pool, "checkout", checkout)
    if backend == "postgres":
        assert seen == ["checkout", "begin", "commit"]
    else:
        assert seen == ["checkout", "begin", "commit", "checkout", "begin", "commit"]
    assert _name(app) == "1"
