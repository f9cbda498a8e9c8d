"""One SQLite app for a whole test session, made fresh for every test (the unit layer's `app`).

A new app per test cost about 0.2 s to build, and each new app compiles every Jinja template
again on its first pages; a session app pays that once. Each test still starts as on a new
installation: the migrated, empty template database (the FTS5 search index is in it), a data
folder without files, the configuration and extension state as the app was built, and the
process-wide Socket.IO extension bound to this app again.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from innovationzone import realtime
from innovationzone.accounts import throttle
from innovationzone.chat import presence_services
from innovationzone.extensions import db, socketio
from innovationzone.mail import worker as mail_worker
from innovationzone.search.backend import ensure_index
from tests.support.databases import PostgresDatabase

# The data folder's own entries (SQLite's files, the secret key); anything else a test made
# (attachments, an import's files, a Whoosh index) goes.
KEPT_FILES = {"innovationzone.db", "innovationzone.db-wal", "innovationzone.db-shm", "secret_key"}


def copy_sqlite(source: Path | None = None, into: Path | None = None) -> None:
    """Copy a whole SQLite database from a file into the app's, or from the app's into a file,
    with SQLite's backup API through the app's own connection: it takes the database's locks as
    any writer does, so a thread still reading (the mail worker) is safe, which replacing the
    file is not. Measured against deleting every row in one write, restoring the empty template
    this way took less than half the time (2.7 against 6.4 ms of CPU)."""
    connection = db.engine.raw_connection()
    try:
        app_database = connection.driver_connection
        other = sqlite3.connect(source or into)
        try:
            if source is not None:
                other.backup(app_database)
            else:
                app_database.backup(other)
        finally:
            other.close()
    finally:
        connection.close()


def _clear_files(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.name not in KEPT_FILES:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _copy_files(source: Path, target: Path) -> None:
    for entry in source.iterdir():
        if entry.name not in KEPT_FILES:
            copy = shutil.copytree if entry.is_dir() else shutil.copy2
            copy(entry, target / entry.name)


class SessionApp:
    """The app shared by a session's tests; `fresh()` before each test."""

    def __init__(self, app: Flask, template: Path) -> None:
        self.app = app
        self.template = template
        self.data_dir = Path(app.config["IZ_DATA_DIR"])
        self.config = dict(app.config)
        self.extensions = dict(app.extensions)
        self.socketio: dict[str, Any] = dict(vars(socketio))

    def fresh(self) -> Flask:
        """The app as built, on an empty database and index, for the next test."""
        app = self.app
        # the extension is one object per process: an app built since (a test's own) took it
        vars(socketio).update(self.socketio)
        app.config.clear()
        app.config.update(self.config)
        # state kept at run time (the chat caches and limiters, the mail worker) goes with it
        for key in set(app.extensions) - set(self.extensions):
            del app.extensions[key]
        throttle.reset(app)
        _clear_files(self.data_dir)
        with app.app_context():
            self.empty_database()
            ensure_index()
            db.session.remove()
        return app

    def empty_database(self) -> None:
        """The migrated, empty database back (in an app context): the template copied in."""
        copy_sqlite(source=self.template)

    def load_once(self, name: str, load: Callable[[], None]) -> None:
        """Data many tests start from (the demo organisation, a feature's cast of people and
        zones) is loaded once a session: the first call runs `load` and keeps a copy of the
        database and data folder beside the data folder, later calls copy it back. Call it after
        `fresh()`. `load` runs in the caller's context, as the fixture would have run it: in
        no app context, several test clients' requests each get their own (one shared context
        would share `g`, the signed-in user included, between them)."""
        kept = self.data_dir.parent / name
        if not kept.is_dir():
            load()
        with self.app.app_context():
            if kept.is_dir():
                copy_sqlite(source=kept / "innovationzone.db")
                _copy_files(kept, self.data_dir)
            else:
                kept.mkdir()
                copy_sqlite(into=kept / "innovationzone.db")
                _copy_files(self.data_dir, kept)
            db.session.remove()

    def end_test(self) -> None:
        """Give back the test's connections, as a request's end does, once the background tasks
        the test started have ended: the access rechecks its commits started run to their end,
        the mail worker stops (it may be waiting to retry) and the chat's pending presence
        announcements are dropped. One still running would read (and evict from) the next
        test's database and sockets, or hold a connection while it is emptied; the autouse
        check in tests/conftest.py fails a test that leaves one behind."""
        assert mail_worker.stop(self.app, 15), "the mail worker did not stop"
        assert presence_services.drop_pending(15), "a presence announcement did not end"
        assert realtime.wait_rechecks(self.app, 15), "a recheck of socket access did not finish"
        with self.app.app_context():
            db.session.remove()


class PostgresSessionApp(SessionApp):
    """The session's app on the PostgreSQL test database (tests/api runs on both): emptied with
    `PostgresDatabase.empty()` instead of a copied template. load_once() is SQLite-only."""

    def __init__(self, app: Flask, database: PostgresDatabase) -> None:
        super().__init__(app, Path())  # no template file: empty_database() is its own
        self.database = database

    def empty_database(self) -> None:
        """Every table emptied, ids from 1 (the search index is tables too)."""
        db.session.remove()
        self.database.empty()
