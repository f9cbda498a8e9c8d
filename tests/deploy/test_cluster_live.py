"""The deployment of deploy/: nginx in front of two `innovationzone serve` processes on
PostgreSQL + Redis, as the README describes it. Real nginx, real servers, real clients: sticky
sessions, WebSocket upgrade, static files, a process killed, and the state that must be one for
all processes (rate limit, who is editing)."""

from __future__ import annotations

import gzip
import threading
import time
import uuid

import pytest
import requests
import socketio

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.chat import NS, setup_team
from tests.support.databases import PostgresDatabase
from tests.support.live import LiveServer, api_token
from tests.support.services import Nginx, PrivateRedis

pytestmark = pytest.mark.slow


class Entrance:
    """What a user reaches: the nginx address, with the API's token call."""

    def __init__(self, url: str) -> None:
        self.url = url

    def token(self, username: str, password: str) -> str:
        return api_token(self.url, username, password)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack")
    queue = PrivateRedis(folder).start()
    database = PostgresDatabase()
    env = {
        "IZ_DATABASE_URL": database.url,
        "IZ_MESSAGE_QUEUE": queue.url,
        "IZ_SECRET_KEY": "one-key-for-the-cluster",
        "IZ_TRUSTED_PROXIES": "127.0.0.1",
    }
    servers = [LiveServer(tmp_path_factory.mktemp(f"p{i}"), env=env) for i in range(2)]
    servers[0].cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    for server in servers:
        server.start()
    proxy = Nginx(folder, [s.port for s in servers]).start()
    yield proxy, servers
    proxy.stop()
    for server in servers:
        server.stop()
    queue.stop()
    database.drop()


def eventually(check, timeout: float = 15.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def backend_of(response: requests.Response) -> str:
    return response.headers["X-IZ-Upstream"]


def sticky_sessions(url: str, count: int = 12) -> list[requests.Session]:
    """Browser-like sessions: each gets its iz_node cookie from its first page."""
    sessions = []
    for _ in range(count):
        session = requests.Session()
        assert session.get(url + "/login", timeout=10).status_code == 200
        assert "iz_node" in session.cookies
        sessions.append(session)
    return sessions


def test_a_browser_session_stays_on_its_process_and_sessions_spread(stack):
    proxy, servers = stack
    sessions = sticky_sessions(proxy.url)
    seen = set()
    for session in sessions:
        answers = {backend_of(session.get(proxy.url + "/login", timeout=10)) for _ in range(5)}
        assert len(answers) == 1, "one browser session was served by several processes"
        seen |= answers
    assert seen == {f"127.0.0.1:{s.port}" for s in servers}, "all sessions went to one process"


def _polling_client(url: str, token: str) -> tuple[socketio.Client, list[dict]]:
    client = socketio.Client(reconnection=False)
    received: list[dict] = []
    client.on("message", received.append, namespace=NS)
    client.connect(
        url, namespaces=[NS], transports=["polling"], auth={"token": token}, wait_timeout=10
    )
    return client, received


def test_long_polling_and_upgrade_work_through_the_proxy_across_processes(stack):
    proxy, _servers = stack
    entrance = Entrance(proxy.url)
    room_id = setup_team(entrance)
    # Long-polling is a series of requests: without stickiness they land on a process that does
    # not know the Engine.IO session and the client is dropped ("Invalid session").
    pollers = [_polling_client(proxy.url, entrance.token("bob", PASSWORD)) for _ in range(4)]
    for client, _ in pollers:
        assert client.call("join", room_id, namespace=NS, timeout=10)["ok"]
    upgraded = socketio.Client(reconnection=False)
    upgraded.connect(
        proxy.url,
        namespaces=[NS],
        transports=["polling", "websocket"],
        auth={"token": entrance.token("ann", PASSWORD)},
        wait_timeout=10,
    )
    assert upgraded.call("join", room_id, namespace=NS, timeout=10)["ok"]
    bodies = [f"bericht {n}" for n in range(5)]
    for body in bodies:
        ack = upgraded.call(
            "send",
            {"room_id": room_id, "body": body, "client_msg_id": uuid.uuid4().hex},
            namespace=NS,
            timeout=10,
        )
        assert ack["ok"], ack
    assert upgraded.transport() == "websocket"
    assert eventually(
        lambda: all([m["body"] for m in received] == bodies for _, received in pollers)
    ), [[m["body"] for m in r] for _, r in pollers]
    for client, _ in pollers:
        assert client.connected
        client.disconnect()
    upgraded.disconnect()


def test_nginx_serves_static_files_compressed_and_cached_for_a_year(stack):
    proxy, _servers = stack
    response = requests.get(
        proxy.url + "/static/css/app.css",
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=10,
    )
    assert response.status_code == 200
    assert "X-IZ-Upstream" not in response.headers, "static files went to the application"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"body" in gzip.decompress(response.raw.read())


def test_one_process_killed_clients_reconnect_through_nginx_and_lose_nothing(stack):
    proxy, servers = stack
    entrance = Entrance(proxy.url)
    room_id = setup_team(entrance)
    token = entrance.token("cur", PASSWORD)
    client = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
    reconnected = threading.Event()
    connects = []
    client.on(
        "connect",
        lambda: (connects.append(1), len(connects) > 1 and reconnected.set()),
        namespace=NS,
    )
    client.connect(
        proxy.url, namespaces=[NS], transports=["polling"], auth={"token": token}, wait_timeout=10
    )
    assert client.call("join", room_id, namespace=NS, timeout=10)["ok"]
    acked = []
    for n in range(3):
        ack = client.call(
            "send",
            {"room_id": room_id, "body": f"voor {n}", "client_msg_id": uuid.uuid4().hex},
            namespace=NS,
            timeout=10,
        )
        assert ack["ok"]
        acked.append(ack["message"]["id"])
    # The process holding this client is the one its cookie is hashed to: ask with the client's
    # own HTTP session, then kill that process.
    http = client.eio.http
    holder = backend_of(http.get(proxy.url + "/healthz", timeout=5))
    victim = next(s for s in servers if holder.endswith(f":{s.port}"))
    victim.kill()
    try:
        assert reconnected.wait(20), "the client did not reconnect through nginx"
        assert client.call("join", room_id, namespace=NS, timeout=10)["ok"]
        synced = client.call("sync", {"room_id": room_id, "after_id": 0}, namespace=NS, timeout=10)
        assert synced["ok"]
        ids = [m["id"] for m in synced["messages"]]
        assert set(acked) <= set(ids), "an acknowledged message was lost"
        after = client.call(
            "send",
            {"room_id": room_id, "body": "na", "client_msg_id": uuid.uuid4().hex},
            namespace=NS,
            timeout=10,
        )
        assert after["ok"]
    finally:
        client.disconnect()
        victim.start()
        # nginx takes a process it saw fail out for a while: the next tests start once it sends
        # this session to its process again, not while their sessions would move back mid-test.
        assert eventually(lambda: backend_of(http.get(proxy.url + "/healthz", timeout=5)) == holder)


def test_who_is_editing_is_the_same_on_both_processes(stack):
    proxy, servers = stack
    entrance = Entrance(proxy.url)
    setup_team(entrance)
    admin = {"Authorization": f"Bearer {entrance.token('admin', PASSWORD)}"}
    requests.put(
        proxy.url + "/api/v1/zones/kassa/pages/Openingstijden",
        json={"title": "Openingstijden", "body": "Ma-za 9-18", "base_revision": None},
        headers=admin,
        timeout=10,
    )
    editors_seen: list[dict] = []
    clients = []
    for server, name in zip(servers, ("ann", "bob"), strict=True):
        client = socketio.Client(reconnection=False)
        client.on("editors", editors_seen.append, namespace="/wiki")
        client.connect(
            server.url,
            namespaces=["/wiki"],
            transports=["websocket"],
            auth={"token": server.token(name, PASSWORD)},
            wait_timeout=10,
        )
        clients.append(client)
    page = {"zone": "kassa", "path": "Openingstijden"}
    try:
        assert clients[0].call("editing", page, namespace="/wiki", timeout=10)["editors"] == ["ann"]
        ack = clients[1].call("editing", page, namespace="/wiki", timeout=10)
        assert ack["editors"] == ["ann", "bob"], "process B does not see who edits on process A"
        assert eventually(lambda: any(e["editors"] == ["ann", "bob"] for e in editors_seen))
        clients[1].call("stop_editing", {}, namespace="/wiki", timeout=10)
        again = clients[0].call("editing", page, namespace="/wiki", timeout=10)
        assert again["editors"] == ["ann"]
    finally:
        for client in clients:
            client.disconnect()


def test_presence_is_the_same_on_both_processes(stack):
    proxy, servers = stack
    room_id = setup_team(Entrance(proxy.url))
    clients = []
    try:
        for server, name in zip(servers, ("ann", "bob"), strict=True):
            client = socketio.Client(reconnection=False)
            client.connect(
                server.url,
                namespaces=[NS],
                transports=["websocket"],
                auth={"token": server.token(name, PASSWORD)},
                wait_timeout=10,
            )
            clients.append(client)
            joined = client.call("join", room_id, namespace=NS, timeout=10)
        online = joined["online"]
        names = online["online"] if isinstance(online, dict) else online
        assert {"ann", "bob"} <= set(names), "process B does not see who is online on process A"
    finally:
        for client in clients:
            client.disconnect()


def test_the_chat_rate_limit_counts_across_processes(stack):
    proxy, servers = stack
    entrance = Entrance(proxy.url)
    room_id = setup_team(entrance)
    senders = []
    for server in servers:
        client = socketio.Client(reconnection=False)
        client.connect(
            server.url,
            namespaces=[NS],
            transports=["websocket"],
            auth={"token": server.token("cur", PASSWORD)},
            wait_timeout=10,
        )
        senders.append(client)

    def send(client: socketio.Client) -> dict:
        message = {"room_id": room_id, "body": "snel", "client_msg_id": uuid.uuid4().hex}
        return client.call("send", message, namespace=NS, timeout=10)

    try:
        acks = [send(senders[0]) for _ in range(6)] + [send(senders[1]) for _ in range(4)]
        assert all(ack["ok"] for ack in acks), acks
        refused = send(senders[1])
        assert refused["error"] == "rate_limited", refused
        assert refused["retry_after"] > 0
    finally:
        for client in senders:
            client.disconnect()


@pytest.mark.browser
def test_a_browser_chats_through_nginx_and_keeps_its_process(stack, new_page):
    proxy, servers = stack
    entrance = Entrance(proxy.url)
    room_id = setup_team(entrance)
    pages = {"ann": new_page(), "bob": new_page(viewport={"width": 390, "height": 844})}
    answers: dict[str, list[tuple[int, str, str]]] = {name: [] for name in pages}
    for name, page in pages.items():
        page.on(
            "response",
            lambda response, name=name: (
                "/socket.io/" in response.url
                and answers[name].append(
                    (response.status, response.headers.get("x-iz-upstream", ""), response.url)
                )
            ),
        )
        sign_in(page, proxy.url, name, PASSWORD)
        page.goto(f"{proxy.url}/chat/{room_id}")
        page.wait_for_selector("#chat-status:has-text('Connected')")
        assert [c["name"] for c in page.context.cookies() if c["name"] == "iz_node"]
    pages["ann"].fill("#chat-body", "Via nginx: staat de kassa klaar?")
    pages["ann"].press("#chat-body", "Enter")
    pages["bob"].wait_for_selector(".chat-body:has-text('staat de kassa klaar')")
    pages["bob"].fill("#chat-body", "Ja")
    pages["bob"].press("#chat-body", "Enter")
    pages["ann"].wait_for_selector(".chat-body:has-text('Ja')")
    for name, seen in answers.items():
        assert len({upstream for _, upstream, _ in seen}) == 1, (
            f"{name}'s Socket.IO requests reached several processes: {seen}\n{proxy.errors()}"
        )
