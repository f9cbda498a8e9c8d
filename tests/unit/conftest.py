"""The unit layer shares one app for the whole session (tests/support/session_app.py): every
test gets it emptied, as on a new installation, instead of building an app of its own."""

from __future__ import annotations

import gc
import shutil
import sys

import pytest
from flask import Flask

from tests.conftest import make_app, scratch_folder
from tests.support.databases import migrate
from tests.support.session_app import SessionApp, copy_sqlite


def pytest_collection_finish(session: pytest.Session) -> None:
    """Hypothesis' pytest plugin imports all of Hypothesis in its end-of-run summary, only to
    learn that nothing was recorded, which cannot be when no test imported Hypothesis (the
    unit layer has none). Under assertion rewriting, and with no bytecode cache
    (PYTHONDONTWRITEBYTECODE), that import was about 5 % of a unit run (py-spy). So when
    nothing collected imported it, the plugin, which has nothing left to do, is taken out."""
    plugins = session.config.pluginmanager
    plugin = plugins.get_plugin("hypothesispytest")
    if plugin is not None and "hypothesis" not in sys.modules:
        plugins.unregister(plugin)


@pytest.fixture(scope="session")
def session_app(tmp_path_factory):
    """The session's SQLite app, migrated in place by the real migrations; its empty database
    is then kept as the template every test starts from. (The suite's `sqlite_template` would
    build an app of its own to migrate a database on disk, only for this one to copy it.)"""
    folder = scratch_folder(tmp_path_factory, "iz-unit-")
    (folder / "data").mkdir()
    application = make_app({"IZ_DATA_DIR": str(folder / "data")})
    migrate(application)
    template = folder / "template.db"
    with application.app_context():
        copy_sqlite(into=template)
    # What exists now (modules, the app, the collected tests) lives until the session ends:
    # moved out of the collector's reach, the full collections during the run and pytest's
    # at its end stop walking it again and again.
    gc.freeze()
    yield SessionApp(application, template)
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
