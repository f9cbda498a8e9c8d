"""The real `innovationzone serve` over HTTP and Socket.IO: start-up, setup link, socket auth.

Ending a credential (logout, token revocation, deactivation) closes the user's open sockets.
"""

from __future__ import annotations

import re
import threading

import pytest
import requests
import socketio

from tests.conftest import PASSWORD
from tests.support.clients import form_csrf, page_csrf, submit_form
from tests.support.live import LiveServer


def connect(
    server: LiveServer,
    *,
    token: str | None = None,
    headers: dict | None = None,
    transport: str = "websocket",
) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.disconnected = threading.Event()
    client.on("disconnect", lambda *args: client.disconnected.set(), namespace="/chat")
    client.connect(
        server.url,
        namespaces=["/chat"],
        auth={"token": token} if token else None,
        headers=headers or {},
        transports=[transport],
        wait_timeout=10,
    )
    return client


def browser_session(server: LiveServer, username: str, password: str) -> requests.Session:
    session = requests.Session()
    response = submit_form(
        session,
        server.url + "/login",
        {"username": username, "password": password},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


def test_serve_answers_healthz_and_prints_address(live_server):
    assert requests.get(live_server.url + "/healthz", timeout=5).json() == {"status": "ok"}
    assert f"innovationzone is running at {live_server.url}/" in live_server.log()
    assert "(eventlet mode)" in live_server.log()
    print(f"startup to healthy /healthz: {live_server.startup_seconds:.2f}s")


def test_first_start_prints_a_one_time_setup_link(tmp_path):
    server = LiveServer(tmp_path).start()
    try:
        link = re.search(r"Create the first admin account at: (\S+)", server.log()).group(1)
        assert requests.get(server.url + "/setup/wrong-token", timeout=5).status_code == 404
        session = requests.Session()
        form = session.get(link, timeout=5)
        assert form.status_code == 200
        created = session.post(
            link,
            data={
                "csrf_token": form_csrf(form.text),
                "username": "chantal",
                "display_name": "Chantal",
                "department": "IT",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
            allow_redirects=False,
        )
        assert created.status_code == 302
        me = session.get(server.url + "/", timeout=5)
        assert "Chantal" in me.text
        assert requests.get(link, timeout=5).status_code == 404  # used up
    finally:
        server.stop()


def test_socket_needs_valid_credentials(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(live_server)
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(live_server, token="iz_not-a-real-token")
    client = connect(live_server, token=live_server.token("admin", PASSWORD))
    assert client.connected
    client.disconnect()


def test_foreign_origin_is_refused(live_server):
    """Polling lets the test set Origin alone (the WebSocket client adds its own)."""
    token = live_server.token("admin", PASSWORD)
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(
            live_server,
            token=token,
            headers={"Origin": "https://evil.example"},
            transport="polling",
        )
    same = connect(
        live_server, token=token, headers={"Origin": live_server.url}, transport="polling"
    )
    assert same.connected
    same.disconnect()


def test_logout_disconnects_the_browser_socket(live_server):
    session = browser_session(live_server, "admin", PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    client = connect(live_server, headers={"Cookie": cookie})
    other = connect(live_server, token=live_server.token("admin", PASSWORD))
    submit_form(session, live_server.url + "/", to=live_server.url + "/logout")
    assert client.disconnected.wait(10), "the socket of the ended session stayed open"
    assert other.connected  # a token connection of the same user is another credential
    other.disconnect()
    with pytest.raises(socketio.exceptions.ConnectionError):  # and the old cookie cannot reconnect
        connect(live_server, headers={"Cookie": cookie})


def test_revoking_a_token_disconnects_its_socket(live_server):
    admin = browser_session(live_server, "admin", PASSWORD)
    html = submit_form(
        admin,
        live_server.url + "/profile",
        {"token-name": "bot", "token-submit": "1"},
        csrf_field="token-csrf_token",
    ).text
    secret = re.search(r'id="new-token">([^<]+)<', html).group(1)
    token_id = re.findall(r"/profile/tokens/(\d+)/revoke", html)[0]
    client = connect(live_server, token=secret)
    admin.post(
        f"{live_server.url}/profile/tokens/{token_id}/revoke", data={"csrf_token": page_csrf(html)}
    )
    assert client.disconnected.wait(10)


def test_deactivating_a_user_disconnects_them(live_server):
    admin_token = live_server.token("admin", PASSWORD)
    requests.post(
        live_server.url + "/api/v1/users",
        json={"username": "gerda", "password": PASSWORD},
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=5,
    ).raise_for_status()
    client = connect(live_server, token=live_server.token("gerda", PASSWORD))
    admin = browser_session(live_server, "admin", PASSWORD)
    submit_form(
        admin,
        live_server.url + "/admin/users",
        {"active": "0"},
        to=live_server.url + "/admin/users/gerda/active",
    )
    assert client.disconnected.wait(10)
    assert (
        requests.post(
            live_server.url + "/api/v1/tokens",
            json={"username": "gerda", "password": PASSWORD},
            timeout=5,
        ).status_code
        == 401
    )


def test_threading_mode_is_supported(tmp_path):
    server = LiveServer(tmp_path, async_mode="threading")
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    try:
        assert "(threading mode)" in server.log()
        client = connect(server, token=server.token("admin", PASSWORD))
        assert client.connected
        client.disconnect()
    finally:
        server.stop()


def test_search_indexes_in_the_background_after_commit(live_server):
    """On the real server indexing runs after the commit, batched: a new post is soon findable."""
    import time

    headers = {"Authorization": f"Bearer {live_server.token('admin', PASSWORD)}"}
    requests.post(
        live_server.url + "/api/v1/zones",
        json={"slug": "zoek", "name": "Zoek"},
        headers=headers,
        timeout=5,
    )
    created = requests.post(
        live_server.url + "/api/v1/zones/zoek/posts",
        headers=headers,
        timeout=5,
        json={
            "title": "Pallets",
            "body": "Nieuwe pallethoogte in het distributiecentrum",
            "status": "published",
        },
    )
    assert created.status_code == 201
    deadline, results = time.monotonic() + 15, []
    while time.monotonic() < deadline and not results:
        time.sleep(0.3)
        results = requests.get(
            live_server.url + "/api/v1/search",
            params={"q": "distributiecentrum"},
            headers=headers,
            timeout=5,
        ).json()["results"]
    assert [r["title"] for r in results] == ["Pallets"]
