"""Scaled out: two server processes on one PostgreSQL database with Redis as the message queue.

Real services, no mocks: PostgreSQL and Redis missing make these tests fail, not skip.
"""

from __future__ import annotations

import threading

import pytest
import redis
import requests
import socketio

from tests.api.test_server_live import browser_session, connect
from tests.conftest import PASSWORD
from tests.support.clients import submit_form
from tests.support.databases import PostgresDatabase
from tests.support.listener import Listener, private_room
from tests.support.live import LiveServer


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()  # fail loudly when Redis is missing
    database = PostgresDatabase()
    env = {
        "IZ_DATABASE_URL": database.url.replace("+psycopg", ""),  # a plain postgresql:// URL
        "IZ_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
        "IZ_SECRET_KEY": "shared-by-the-cluster",
    }
    first = LiveServer(tmp_path_factory.mktemp("a"), env=env)
    first.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    first.start()
    second = LiveServer(tmp_path_factory.mktemp("b"), env=env).start()
    yield first, second
    first.stop()
    second.stop()
    database.drop()


def test_both_processes_serve_the_same_data(cluster):
    first, second = cluster
    token = first.token("admin", PASSWORD)
    headers = {"Authorization": f"Bearer {token}"}
    requests.post(
        first.url + "/api/v1/zones",
        json={"slug": "shared", "name": "Shared"},
        headers=headers,
        timeout=5,
    ).raise_for_status()
    zones = requests.get(second.url + "/api/v1/zones", headers=headers, timeout=5).json()["zones"]
    assert [z["slug"] for z in zones] == ["shared"]
    assert requests.get(second.url + "/healthz", timeout=5).json() == {"status": "ok"}


def test_logout_on_one_process_closes_the_socket_on_the_other(cluster):
    first, second = cluster
    session = browser_session(first, "admin", PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    client = connect(second, headers={"Cookie": cookie})
    submit_form(session, first.url + "/", to=first.url + "/logout")
    assert client.disconnected.wait(10), "the logout did not reach the other process"


def test_an_event_from_one_process_reaches_a_socket_on_the_other(cluster):
    """Being added to a zone through process A notifies the user live on process B."""
    first, second = cluster
    admin = {"Authorization": f"Bearer {first.token('admin', PASSWORD)}"}
    requests.post(
        first.url + "/api/v1/users",
        json={"username": "ilse", "password": PASSWORD},
        headers=admin,
        timeout=5,
    ).raise_for_status()
    received = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("notification", lambda data: received.set(), namespace="/chat")
    client.connect(
        second.url,
        namespaces=["/chat"],
        auth={"token": second.token("ilse", PASSWORD)},
        transports=["websocket"],
        wait_timeout=10,
    )
    requests.post(
        first.url + "/api/v1/zones",
        json={"slug": "kassa", "name": "Kassa", "visibility": "private"},
        headers=admin,
        timeout=5,
    ).raise_for_status()
    requests.post(
        first.url + "/api/v1/zones/kassa/members",
        json={"username": "ilse"},
        headers=admin,
        timeout=5,
    ).raise_for_status()
    assert received.wait(10), "the notification did not cross processes"
    client.disconnect()


def test_member_removed_through_one_process_is_cut_off_on_the_other(cluster):
    """roos's socket is held by process B; the removal is made on process A."""
    first, second = cluster
    admin = {"Authorization": f"Bearer {first.token('admin', PASSWORD)}"}
    api = first.url + "/api/v1"
    room = private_room(first, "inkoop", ("piet", "roos"))
    piet = Listener(first.url, token=first.token("piet", PASSWORD))
    roos = Listener(second.url, token=second.token("roos", PASSWORD))
    try:
        for listener in (piet, roos):
            assert listener.call("join", room)["ok"]
            assert listener.call("editing", {"zone": "inkoop", "path": "Offertes"}, "/wiki")["ok"]
        requests.delete(
            api + "/zones/inkoop/members/roos", headers=admin, timeout=5
        ).raise_for_status()
        assert roos.wait_for("access_revoked", lambda d: d == {"room_id": room})
        assert roos.wait_for("access_revoked", lambda d: "Offertes" in d["room_id"], "/wiki")
        piet.wait_for("editors", lambda d: d["editors"] == ["piet"], "/wiki")
        before = len(roos.events)
        sent = piet.call("send", {"room_id": room, "body": "prijzen", "client_msg_id": "p-1"})
        assert sent["ok"]
        piet.wait_for("message", lambda d: d["body"] == "prijzen")
        # Redis keeps order: a notification published later reaches B after the message did.
        requests.post(
            api + "/zones", json={"slug": "magazijn", "name": "Magazijn"}, headers=admin, timeout=5
        ).raise_for_status()
        requests.post(
            api + "/zones/magazijn/members", json={"username": "roos"}, headers=admin, timeout=5
        ).raise_for_status()
        roos.wait_for("notification")
        assert [event for _ns, event, _data in roos.events[before:]] == ["notification"]
    finally:
        piet.close()
        roos.close()
