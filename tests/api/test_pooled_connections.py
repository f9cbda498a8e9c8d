"""PostgreSQL's pooled connections: one idle for a while is asked whether it still lives before a
request uses it (a dead one is replaced unseen); one used a moment ago is not asked, and if it
died meanwhile its request answers 503 and the next ones connect anew."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from innovationzone import db as database
from innovationzone.extensions import db


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
def pings(app, monkeypatch) -> list[int]:  # noqa: ANN001
    """The pings sent, counted, on a pool holding one connection."""
    sent: list[int] = []
    with app.app_context():
        dialect = db.engine.dialect
        db.engine.dispose()
    ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: sent.append(1) or ping(connection))
    yield sent
    with app.app_context():
        db.engine.dispose()  # nothing of this test's connections outlives it


def _kill_the_pooled_connection(app, postgres_database) -> None:  # noqa: ANN001
    """PostgreSQL ends the pool's one connection (as a restart would) without the app knowing."""
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()
    with postgres_database.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_a_connection_used_a_moment_ago_is_not_pinged(api_as, pings, monkeypatch):
    ann = api_as("ann")
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 60.0)
    pings.clear()
    for _ in range(3):
        assert ann.get("zones").status_code == 200
    assert pings == []


def test_an_idle_connection_that_died_is_replaced_unseen(
    app, api_as, pings, monkeypatch, postgres_database
):
    ann = api_as("ann")
    assert ann.get("zones").status_code == 200
    _kill_the_pooled_connection(app, postgres_database)
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)  # every connection has been idle
    pings.clear()
    assert ann.get("zones").status_code == 200
    assert pings == [1]


def test_a_connection_that_died_a_moment_ago_fails_one_request_then_all_recover(
    app, api_as, pings, monkeypatch, postgres_database
):
    ann = api_as("ann")
    assert ann.get("zones").status_code == 200
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 60.0)
    _kill_the_pooled_connection(app, postgres_database)
    answer = ann.get("zones")
    assert answer.status_code == 503
    assert answer.get_json()["error"] == "unavailable"
    assert ann.get("zones").status_code == 200  # the pool connected anew
    page = {"title": "Kassa", "body": "Open om negen uur.", "base_revision": None}
    assert ann.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    assert ann.put("zones/winkels/pages/Kassa", page).status_code == 201
