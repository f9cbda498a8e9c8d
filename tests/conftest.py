"""Shared fixtures. `app` runs on SQLite unless a test module asks for `backend` = postgres;
tests/api/ runs every test on both. PostgreSQL and Chromium missing is a failure, never a skip."""

from __future__ import annotations

import gc
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from innovationzone.app import create_app
from tests.support.clients import ApiClient, login
from tests.support.databases import PostgresDatabase, SQLiteTemplate, migrate
from tests.support.session_app import PostgresSessionApp, SessionApp

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


def _background_tasks() -> set[threading.Thread]:
    """The app's own background tasks running now (in threading mode each is a thread whose
    target is ours: the mail worker, a presence announcement, a socket recheck ...)."""
    return {
        thread
        for thread in threading.enumerate()
        if getattr(getattr(thread, "_target", None), "__module__", "").startswith("innovationzone")
    }


@pytest.fixture(autouse=True)
def no_background_task_outlives_its_test():
    """Autouse, so it is torn down after the test's app: a background task the test started and
    the app's teardown did not end would go on acting on the next test's database and sockets
    (the mail worker retrying, a presence announcement emitting a second later)."""
    before = _background_tasks()
    yield
    left = _background_tasks() - before
    for thread in left:
        thread.join(2)  # told to end by the teardown: the moment it needs to finish
    alive = sorted(thread.name for thread in left if thread.is_alive())
    assert not alive, f"background tasks outlived the test: {alive}"


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
    """Overridden with params in tests/api to run the same tests on both databases (and, for
    some search tests, "whoosh": SQLite with the optional Whoosh engine, see
    tests/support/search_engines.py)."""
    return "sqlite"


def scratch_folder(tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Path:
    """In memory when the machine has /dev/shm: every test commit is fsync'd (synchronous=FULL),
    which on a busy disk costs more than most tests themselves."""
    shm = Path("/dev/shm")
    if shm.is_dir():
        return Path(tempfile.mkdtemp(prefix=prefix, dir=shm))
    return tmp_path_factory.mktemp(prefix)


@pytest.fixture(scope="session")
def session_apps(sqlite_template, tmp_path_factory):
    """tests/api's apps: one per backend for the whole session, built when a test first asks
    for it and made fresh for every test (tests/support/session_app.py), as the unit layer's.
    A new app per test cost its build and the compiling of every template it showed again."""
    folders: list[Path] = []
    apps: dict[str, SessionApp] = {}

    def get(backend: str, database: PostgresDatabase | None) -> SessionApp:
        if backend not in apps:
            folder = scratch_folder(tmp_path_factory, f"iz-api-{backend}-")
            folders.append(folder)
            data = folder / "data"
            data.mkdir()
            sqlite_template.copy_to(data)  # the secret key; the database on SQLite
            overrides = {"IZ_DATA_DIR": str(data)}
            if database is not None:
                overrides["IZ_DATABASE_URL"] = database.url
                overrides["IZ_SEARCH_BACKEND"] = "postgres"
                application = make_app(overrides)
                if not database.migrated:
                    migrate(application)
                    database.migrated = True
                apps[backend] = PostgresSessionApp(application, database)
            else:
                if backend == "whoosh":  # the optional embedded engine, on the same SQLite
                    overrides["IZ_SEARCH_BACKEND"] = "whoosh"
                apps[backend] = SessionApp(make_app(overrides), sqlite_template.database)
            # What exists now (modules, the apps, the collected tests) lives until the session
            # ends: moved out of the collector's reach, the full collections during the run and
            # pytest's at its end stop walking it again and again.
            gc.freeze()
        return apps[backend]

    yield get
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(request, backend, session_apps):
    """The session's app of this test's backend, emptied as on a new installation."""
    database = request.getfixturevalue("postgres_database") if backend == "postgres" else None
    session_app = session_apps(backend, database)
    yield session_app.fresh()
    session_app.end_test()


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
