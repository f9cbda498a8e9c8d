"""The unit layer shares one app for the whole session (tests/support/session_app.py): every
test gets it emptied, as on a new installation, instead of building an app of its own. It is
tests/conftest.py's `app` on SQLite (the unit layer runs on SQLite only)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.session_app import SessionApp


@pytest.fixture(scope="session")
def session_app(session_apps) -> SessionApp:
    """The session's SQLite app (tests/conftest.py), the one tests/api's SQLite tests use too."""
    return session_apps("sqlite", None)


def _load_demo(app: Flask) -> None:
    """`innovationzone demo`, indexed in one drain at the end instead of one index commit per
    save (measured: a third of the CPU time). The index is the same: the outbox keeps every
    change until a drain indexes what the database holds then."""
    from innovationzone.demo import load_demo
    from innovationzone.extensions import db
    from innovationzone.search import indexer

    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "drain", lambda _app: 0)
        load_demo()
        patch.undo()
        indexer.drain(app)
        db.session.remove()


@pytest.fixture
def demo_app(session_app, app):
    """The app with the organisation of `innovationzone demo` (loaded once a session, copied in)."""
    session_app.load_once("demo", lambda: _load_demo(app))
    return app
