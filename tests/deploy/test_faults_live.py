"""Faults a scaled-out installation survives, with private PostgreSQL and Redis instances so that
stopping them disturbs nothing else: the database away (a clear 503 at once, recovery by itself),
Redis restarted (HTTP keeps serving, nothing acknowledged lost), processes starting together
(migrations once), and a process whose code does not match the schema (refused, clearly)."""

from __future__ import annotations

import time

import pytest
import requests
import sqlalchemy as sa

from tests.api.test_server_live import browser_session
from tests.conftest import PASSWORD
from tests.support.chat import ChatClient, setup_team
from tests.support.databases import PostgresDatabase
from tests.support.live import LiveServer
from tests.support.services import PrivatePostgres, PrivateRedis

pytestmark = pytest.mark.slow


def eventually(check, timeout: float = 20.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False


def test_database_down_answers_503_at_once_and_recovers_by_itself(tmp_path):
    postgres = PrivatePostgres().start()
    env = {"IZ_DATABASE_URL": postgres.url}
    server = LiveServer(tmp_path / "data", env=env)
    (tmp_path / "data").mkdir()
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    token = server.token("admin", PASSWORD)
    api = {"Authorization": f"Bearer {token}"}
    browser = browser_session(server, "admin", PASSWORD)
    wiki = server.url + "/z/winkels/wiki/Kassa"  # a cached view reads straight from the driver
    try:
        assert requests.get(server.url + "/api/v1/zones", headers=api, timeout=5).status_code == 200
        zone = {"slug": "winkels", "name": "Winkels"}
        assert (
            requests.post(server.url + "/api/v1/zones", json=zone, headers=api).status_code == 201
        )
        page = {"title": "Kassa", "body": "Open om negen uur.", "base_revision": None}
        url = server.url + "/api/v1/zones/winkels/pages/Kassa"
        assert requests.put(url, json=page, headers=api, timeout=5).status_code == 201
        assert requests.get(wiki, headers=api, timeout=5).status_code == 200  # rendered, kept
        assert requests.get(wiki, headers=api, timeout=5).status_code == 200  # from the cache
        postgres.stop()
        # a bounded wait: a hang (a connect that never gives up) fails here instead of a 503
        response = requests.get(server.url + "/api/v1/zones", headers=api, timeout=3)
        assert response.status_code == 503
        assert response.json()["error"] == "unavailable"
        assert response.headers["Retry-After"]
        page = browser.get(server.url + "/", timeout=3)
        assert page.status_code == 503 and "<h1>503</h1>" in page.text
        assert requests.get(server.url + "/healthz", timeout=3).status_code == 503
        for _ in range(2):  # the pooled connection the last view used, and a new connect
            assert requests.get(wiki, headers=api, timeout=3).status_code == 503
        postgres.start()
        assert eventually(
            lambda: requests.get(server.url + "/healthz", timeout=3).status_code == 200
        ), "the server did not recover when the database came back"
        zones = requests.get(server.url + "/api/v1/zones", headers=api, timeout=5)
        assert zones.status_code == 200
        assert "negen uur" in requests.get(wiki, headers=api, timeout=5).text
    finally:
        server.stop()
        postgres.remove()


def test_redis_restart_loses_no_acknowledged_message(tmp_path):
    queue = PrivateRedis(tmp_path).start()
    database = PostgresDatabase()
    env = {"IZ_DATABASE_URL": database.url, "IZ_MESSAGE_QUEUE": queue.url, "IZ_SECRET_KEY": "k"}
    first = LiveServer(tmp_path / "a", env=env)
    second = LiveServer(tmp_path / "b", env=env)
    for server in (first, second):
        server.data_dir.mkdir()
    first.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    first.start()
    second.start()
    sender = receiver = None
    try:
        room_id = setup_team(first)
        sender, receiver = ChatClient(first, "ann"), ChatClient(second, "bob")
        for client in (sender, receiver):
            assert client.call("join", room_id)["ok"]
        assert sender.send(room_id, "voor de storing")["ok"]
        receiver.wait_for(1)

        queue.stop()
        assert requests.get(first.url + "/healthz", timeout=5).status_code == 200
        assert requests.get(second.url + "/login", timeout=5).status_code == 200
        during = sender.send(room_id, "tijdens de storing")
        assert during["ok"], during  # stored and acknowledged although the fan-out is down

        queue.start()  # the same port: the processes reconnect by themselves
        probes = []

        def crosses_again() -> bool:
            probe = sender.send(room_id, f"proef {len(probes)}")
            probes.append(probe["message"]["id"])
            return any(m["id"] in probes for m in receiver.messages)

        assert eventually(crosses_again, 30), "messages never crossed processes again"
        last_seen = receiver.messages[0]["id"]
        synced = receiver.call("sync", {"room_id": room_id, "after_id": last_seen})
        bodies = [m["body"] for m in synced["messages"]]
        assert bodies.count("tijdens de storing") == 1, bodies
    finally:
        for client in (sender, receiver):
            if client:
                client.close()
        first.stop()
        second.stop()
        queue.stop()
        database.drop()


def test_processes_starting_together_migrate_once(tmp_path):
    database = PostgresDatabase()
    env = {"IZ_DATABASE_URL": database.url, "IZ_SECRET_KEY": "k"}
    servers = [LiveServer(tmp_path / f"p{i}", env=env) for i in range(3)]
    for server in servers:
        server.data_dir.mkdir()
    try:
        started = time.monotonic()
        for server in servers:
            server.spawn()
        for server in servers:
            server.wait_until_healthy(started, timeout=90)
            assert "Traceback" not in server.log(), server.log()
        engine = sa.create_engine(database.url)
        with engine.connect() as connection:
            versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        engine.dispose()
        assert len(versions) == 1
    finally:
        for server in servers:
            server.stop()
        database.drop()


def test_a_schema_from_a_newer_version_is_refused_with_a_clear_message(tmp_path):
    server = LiveServer(tmp_path)
    server.cli("db", "upgrade")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'innovationzone.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE alembic_version SET version_num = '9999_from_the_future'"
        )
    engine.dispose()
    result = server.cli("serve", "--port", str(server.port), check=False)
    assert result.returncode != 0
    assert "9999_from_the_future" in result.stderr
    assert "newer version" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_upgrade_refuses_an_old_schema(tmp_path):
    server = LiveServer(tmp_path)
    result = server.cli("serve", "--no-upgrade", "--port", str(server.port), check=False)
    assert result.returncode != 0
    assert "innovationzone db upgrade" in result.stderr
    server.cli("db", "upgrade")
    server.start_with([*server.serve_command(), "--no-upgrade"])
    server.stop()
