"""The unit layer shares one app for the whole session (tests/support/session_app.py): every
test gets it emptied, as on a new installation, instead of building an app of its own."""

from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import make_app
from tests.support.session_app import SessionApp


def _scratch_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """In memory when the machine has /dev/shm: every test commit is fsync'd (synchronous=FULL),
    which on a busy disk costs more than most tests themselves."""
    shm = Path("/dev/shm")
    if shm.is_dir():
        return Path(tempfile.mkdtemp(prefix="iz-unit-", dir=shm))
    return tmp_path_factory.mktemp("unit")


@pytest.fixture(scope="session")
def session_app(sqlite_template, tmp_path_factory):
    """The session's SQLite app, on a copy of the migrated template."""
    folder = _scratch_folder(tmp_path_factory)
    (folder / "data").mkdir()
    sqlite_template.copy_to(folder / "data")
    application = make_app({"IZ_DATA_DIR": str(folder / "data")})
    # What exists now (modules, the app, the collected tests) lives until the session ends:
    # moved out of the collector's reach, the full collections during the run and pytest's
    # at its end stop walking it again and again.
    gc.freeze()
    yield SessionApp(application, sqlite_template.database)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(session_app):
    """The session's app, emptied for this test (the unit layer runs on SQLite only)."""
    yield session_app.fresh()
    session_app.end_test()


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
