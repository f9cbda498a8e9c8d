"""Shared fixtures. `app` runs on SQLite unless a test module asks for `backend` = postgres;
tests/api/ runs every test on both. One app per backend serves the whole session, emptied before
each test. PostgreSQL and Chromium missing is a failure, never a skip."""

from __future__ import annotations

import shutil
import tempfile
from functools import partial
from pathlib import Path

import pytest

from innovationzone.app import create_app
from tests.support.clients import ApiClient, login
from tests.support.databases import PostgresDatabase, SQLiteTemplate, migrate
from tests.support.session_app import SessionApp, copy_sqlite

# The one Chromium of the session, shared by tests/browser and tests/deploy through a plugin.
pytest_plugins = ["tests.support.browser"]

PASSWORD = "correct-horse-1"
# argon2 at its floor: the production parameters are tested once, in test_passwords.
FAST_HASH = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def make_app(overrides: dict | None = None):
    # SEARCH_SYNC: index right after commit in the request, so tests can search at once.
    config = {
        "IZ_ASYNC_MODE": "threading",
        "PASSWORD_HASH": FAST_HASH,
        "TESTING": True,
        "SEARCH_SYNC": True,
    }
    config.update(overrides or {})
    return create_app(config)


def _scratch_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """In memory when the machine has /dev/shm: every test commit is fsync'd (synchronous=FULL),
    which on a busy disk costs more than the test itself."""
    shm = Path("/dev/shm")
    if shm.is_dir():
        return Path(tempfile.mkdtemp(prefix=f"iz-{name}-", dir=shm))
    return tmp_path_factory.mktemp(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> SQLiteTemplate:
    return SQLiteTemplate(tmp_path_factory.mktemp("template"), make_app)


@pytest.fixture(scope="session")
def postgres_database():
    database = PostgresDatabase()
    yield database
    database.drop()


@pytest.fixture
def backend() -> str:
    """Overridden with params in tests/api to run the same tests on both databases."""
    return "sqlite"


@pytest.fixture(scope="session")
def sqlite_app(sqlite_template, tmp_path_factory):
    """The session's SQLite app, on a copy of the migrated template."""
    folder = _scratch_folder(tmp_path_factory, "sqlite")
    (folder / "data").mkdir()
    sqlite_template.copy_to(folder / "data")
    application = make_app({"IZ_DATA_DIR": str(folder / "data")})
    yield SessionApp(application, partial(copy_sqlite, source=sqlite_template.database))
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_app(postgres_database, tmp_path_factory):
    """The session's PostgreSQL app (and search), on the session's own migrated database."""
    folder = _scratch_folder(tmp_path_factory, "postgres")
    (folder / "data").mkdir()
    application = make_app(
        {
            "IZ_DATA_DIR": str(folder / "data"),
            "IZ_DATABASE_URL": postgres_database.url,
            "IZ_SEARCH_BACKEND": "postgres",
        }
    )
    migrate(application)
    yield SessionApp(application, postgres_database.truncate)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(request, backend):
    """The session's app for this backend, emptied for this test (see tests/support/session_app)."""
    shared = request.getfixturevalue(f"{backend}_app")
    yield shared.fresh()
    shared.end_test()


def _load_demo() -> None:
    """`innovationzone demo`, indexed in one drain at the end instead of one index commit per
    save (profiled: two thirds of the load). The index is the same: the outbox keeps every
    change until a drain indexes what the database holds then."""
    from flask import current_app

    from innovationzone.demo import load_demo
    from innovationzone.search import indexer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "drain", lambda _app: 0)
        load_demo()
    indexer.drain(current_app._get_current_object())


@pytest.fixture
def demo_app(request, app, backend):
    """The app with the organisation of `innovationzone demo` (loaded once a session, copied in)."""
    request.getfixturevalue(f"{backend}_app").load_once("demo", _load_demo)
    return app


@pytest.fixture
def ctx(app):
    """An app context for calling services directly, as views do."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    from innovationzone.accounts.services import create_user

    def _make(
        username: str, *, admin: bool = False, department: str = "IT", display_name: str = ""
    ):
        with app.app_context():
            user = create_user(
                None,
                {
                    "username": username,
                    "password": PASSWORD,
                    "is_admin": admin,
                    "department": department,
                    "display_name": display_name or username.title(),
                },
            )
            return user.id

    return _make


@pytest.fixture
def api_as(app, make_user):
    """api_as("ann") -> an ApiClient with a fresh token for ann (created if missing)."""
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    def _api(username: str, *, admin: bool = False, department: str = "IT") -> ApiClient:
        with app.app_context():
            exists = db.session.scalar(select(User.id).where(User.username == username))
        if exists is None:
            make_user(username, admin=admin, department=department)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            _token, secret = create_token(user, "test")
        return ApiClient(app.test_client(), secret)

    return _api


@pytest.fixture
def browser_login(app, make_user):
    """A Flask test client signed in through the login form."""

    def _login(username: str, *, admin: bool = False):
        from sqlalchemy import select

        from innovationzone.accounts.models import User
        from innovationzone.extensions import db

        with app.app_context():
            if db.session.scalar(select(User.id).where(User.username == username)) is None:
                make_user(username, admin=admin)
        client = app.test_client()
        response = login(client, username, PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A real eventlet server on SQLite with an admin `admin` (password PASSWORD)."""
    from tests.support.live import LiveServer

    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    yield server
    server.stop()
