"""Real python-socketio clients against the real server process (eventlet, and threading once).

These use the live server's own SQLite database, so they run once, not per backend.
"""

import threading

import pytest
import requests
import socketio

from tests.support.chat import ChatClient, setup_team
from tests.support.live import LiveServer

pytestmark = pytest.mark.slow


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the live server decides its database; one run is the honest count


@pytest.fixture(scope="module")
def room_id(live_server) -> int:
    return setup_team(live_server)


@pytest.fixture
def connect(live_server):
    opened = []

    def _connect(username, server=None, **options):
        client = ChatClient(server or live_server, username, **options)
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        client.close()


def stored(server, username, room_id, after=0):
    from tests.conftest import PASSWORD

    headers = {"Authorization": f"Bearer {server.token(username, PASSWORD)}"}
    found, cursor = [], after
    while True:
        page = requests.get(
            f"{server.url}/api/v1/rooms/{room_id}/messages?after={cursor}&limit=100",
            headers=headers,
            timeout=10,
        ).json()["messages"]
        if not page:
            return found
        found += page
        cursor = page[-1]["id"]


def test_every_member_receives_and_outsiders_are_refused(connect, room_id):
    ann, bob, cur, out = (connect(name) for name in ("ann", "bob", "cur", "out"))
    for client in (ann, bob, cur):
        assert client.call("join", room_id)["ok"]
    refused = out.call("join", room_id)
    assert refused["ok"] is False and refused["error"] == "not_found"
    ack = ann.send(room_id, "Goedemorgen allemaal")
    assert ack["ok"] and ack["message"]["body"] == "Goedemorgen allemaal"
    for client in (ann, bob, cur):
        assert [m["id"] for m in client.wait_for(1)] == [ack["message"]["id"]]
    assert (
        out.call("send", {"room_id": room_id, "body": "mag ik?", "client_msg_id": "o-1"})["error"]
        == "not_found"
    )
    assert out.messages == []


def test_bad_tokens_and_foreign_origins_are_refused(live_server, connect, room_id):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect("ann", token="iz_not-a-token")
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect("ann", headers={"Origin": "https://evil.example"}, transports=("polling",))
    assert connect(
        "ann", headers={"Origin": live_server.url}, transports=("polling",)
    ).sio.connected


def test_resend_is_idempotent(live_server, connect, room_id):
    ann = connect("ann")
    first = ann.send(room_id, "Eén keer opslaan", "resend-1")
    again = ann.send(room_id, "Eén keer opslaan", "resend-1")
    assert again["message"]["id"] == first["message"]["id"]
    assert [m["client_msg_id"] for m in stored(live_server, "ann", room_id)].count("resend-1") == 1


def test_catch_up_with_sync_after_a_disconnect(connect, room_id):
    ann, bob = connect("ann"), connect("bob")
    bob.call("join", room_id)
    last_seen = ann.send(room_id, "voor de storing")["message"]
    bob.wait_for(1)
    bob.close()
    missed = [ann.send(room_id, f"tijdens de storing {n}")["message"]["id"] for n in range(3)]
    edited = ann.call("edit", {"message_id": last_seen["id"], "body": "voor de storing (bewerkt)"})
    assert edited["ok"]
    bob.connect()
    synced = bob.call("sync", {"room_id": room_id, "after_id": last_seen["id"]})
    assert synced["ok"] and not synced["has_more"]
    assert [m["id"] for m in synced["messages"]] == [last_seen["id"], *missed]
    assert synced["messages"][0]["body"] == "voor de storing (bewerkt)"


def test_quick_sends_from_one_socket_are_stored_in_the_order_sent(live_server, connect, room_id):
    """A person typing fast: sends go out without waiting for acks, and the stored order (ids) is
    the order typed, although each commit waits for the disk off the event loop."""
    bob = connect("bob")  # ann sends most elsewhere: stay under the rate limit
    done = threading.Semaphore(0)
    acks: dict[int, dict] = {}
    for i in range(6):
        bob.sio.emit(
            "send",
            {"room_id": room_id, "body": f"snel {i}", "client_msg_id": f"order-{i}"},
            namespace="/chat",
            callback=lambda ack, i=i: (acks.__setitem__(i, ack), done.release()),
        )
    for _ in range(6):
        assert done.acquire(timeout=30)
    assert all(ack["ok"] for ack in acks.values()), acks
    ids = [acks[i]["message"]["id"] for i in range(6)]
    assert ids == sorted(ids), "messages were stored in another order than sent"


def test_concurrent_senders_lose_nothing_and_double_nothing(live_server, connect, room_id):
    listener = connect("cur")
    listener.call("join", room_id)
    senders = [connect(name) for name in ("ann", "bob", "cur", "ann")]  # ann twice: two tabs
    start = stored(live_server, "cur", room_id)
    after = start[-1]["id"] if start else 0
    acks: list[dict] = []
    lock = threading.Lock()

    def run(n, client):
        for i in range(25):
            ack = client.send(room_id, f"sender {n} bericht {i}", f"conc-{n}-{i}")
            with lock:
                acks.append(ack)

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(acks) == 100 and all(a["ok"] for a in acks)
    messages = stored(live_server, "cur", room_id, after)
    assert sorted(m["client_msg_id"] for m in messages) == sorted(
        f"conc-{n}-{i}" for n in range(4) for i in range(25)
    )
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(seqs[0], seqs[0] + 100))  # gap-free, in id order
    received = [m for m in listener.wait_for(100) if m["client_msg_id"].startswith("conc-")]
    assert sorted(m["id"] for m in received) == sorted(a["message"]["id"] for a in acks)


def test_acknowledged_messages_survive_sigkill(tmp_path, connect):
    from tests.conftest import PASSWORD

    server = LiveServer(tmp_path)
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    try:
        room = setup_team(server)
        ann = connect("ann", server=server)
        acked = [ann.send(room, f"bewaard {n}", f"kill-{n}")["message"]["id"] for n in range(20)]
        server.kill()
        server.start()
        assert [m["id"] for m in stored(server, "ann", room)] == acked
    finally:
        server.stop()


def test_threading_mode_delivers_too(tmp_path, connect):
    from tests.conftest import PASSWORD

    server = LiveServer(tmp_path, async_mode="threading")
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    try:
        room = setup_team(server)
        ann, bob = connect("ann", server=server), connect("bob", server=server)
        bob.call("join", room)
        ack = ann.send(room, "ook zonder eventlet")
        assert [m["id"] for m in bob.wait_for(1)] == [ack["message"]["id"]]
    finally:
        server.stop()


def test_oversized_chat_message_is_refused_by_ack_and_the_socket_stays(connect, room_id):
    """Engine.IO used to drop the connection at 64 KB without a word; the handler now answers."""
    ann = connect("ann")
    assert ann.call("join", room_id)["ok"]
    ack = ann.send(room_id, "x" * 200_000)
    assert ack["ok"] is False and ack["error"] == "too_large" and ack["message"]
    assert ann.sio.connected
    assert ann.send(room_id, "nog een bericht")["ok"]
    nul = ann.send(room_id, "a\x00b")  # PostgreSQL refuses NUL in text: refused alike everywhere
    assert nul["ok"] is False and nul["error"] == "invalid"
