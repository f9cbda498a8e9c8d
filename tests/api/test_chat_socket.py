"""The /chat namespace through Flask-SocketIO's test client: quick checks of every event."""

import pytest

from tests.support.statements import recorded

NS = "/chat"


@pytest.fixture
def chat(app, api_as):
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db, socketio

    cur = api_as("cur")
    cur.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    for name in ("ann", "bob"):
        api_as(name)
        cur.post("zones/kassa/members", {"username": name, "role": "member"})
    api_as("out")
    room_id = cur.post("zones/kassa/rooms", {"slug": "algemeen", "name": "Algemeen"}).json["id"]
    app.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
    app.config["CHAT_PRESENCE_DELAY"] = 0  # announce at once, so the test client has it to read
    clients = []

    def connect(username, token=None):
        if token is None:
            with app.app_context():
                user = db.session.scalar(select(User).where(User.username == username))
                token = create_token(user, "socket")[1]
        client = socketio.test_client(app, namespace=NS, auth={"token": token})
        clients.append(client)
        return client

    connect.room_id = room_id
    yield connect
    for client in clients:
        if client.is_connected(NS):
            client.disconnect(NS)


def events(client, name):
    """The test client keeps a `message` event's data bare and other events' data in a list."""
    return [
        e["args"] if e["name"] == "message" else e["args"][0]
        for e in client.get_received(NS)
        if e["name"] == name
    ]


def test_join_send_broadcast_and_ack(chat):
    ann, bob = chat("ann"), chat("bob")
    joined = ann.emit("join", chat.room_id, namespace=NS, callback=True)
    assert joined["ok"] and joined["room"]["id"] == chat.room_id and joined["history"] == []
    assert bob.emit("join", {"room_id": chat.room_id}, namespace=NS, callback=True)["online"] == [
        "ann",
        "bob",
    ]
    bob.get_received(NS)
    ack = ann.emit(
        "send",
        {"room_id": chat.room_id, "body": "Hoi **Bob**", "client_msg_id": "c-1"},
        namespace=NS,
        callback=True,
    )
    assert (
        ack["ok"]
        and ack["message"]["seq"] == 1
        and "<strong>Bob</strong>" in ack["message"]["html"]
    )
    [seen] = events(bob, "message")
    assert (
        seen["id"] == ack["message"]["id"]
        and seen["author"] == "ann"
        and seen["client_msg_id"] == "c-1"
    )
    resend = ann.emit(
        "send",
        {"room_id": chat.room_id, "body": "Hoi **Bob**", "client_msg_id": "c-1"},
        namespace=NS,
        callback=True,
    )
    assert resend["message"]["id"] == ack["message"]["id"]
    assert events(bob, "message") == []  # a resend is not broadcast again


def test_errors_are_acks_in_contract_shape(chat):
    ann, out = chat("ann"), chat("out")
    refused = out.emit("join", chat.room_id, namespace=NS, callback=True)
    assert refused == {"ok": False, "error": "not_found", "message": "Not found."}
    assert (
        out.emit(
            "send",
            {"room_id": chat.room_id, "body": "x", "client_msg_id": "o"},
            namespace=NS,
            callback=True,
        )["error"]
        == "not_found"
    )
    assert ann.emit("join", 424242, namespace=NS, callback=True)["error"] == "not_found"
    assert ann.emit("join", "abc", namespace=NS, callback=True)["error"] == "invalid"
    assert ann.emit("send", "not an object", namespace=NS, callback=True)["error"] == "invalid"
    big = ann.emit(
        "send",
        {"room_id": chat.room_id, "body": "x" * 4001, "client_msg_id": "big"},
        namespace=NS,
        callback=True,
    )
    assert big["ok"] is False and big["error"] == "too_large" and big["message"]
    assert (
        ann.emit("sync", {"room_id": chat.room_id, "after_id": -1}, namespace=NS, callback=True)[
            "error"
        ]
        == "invalid"
    )


def test_rate_limit_ack(app, chat):
    app.config["CHAT_RATE_LIMIT"] = (0.1, 2)
    bob = chat("bob")
    acks = [
        bob.emit(
            "send",
            {"room_id": chat.room_id, "body": f"{n}", "client_msg_id": f"r{n}"},
            namespace=NS,
            callback=True,
        )
        for n in range(3)
    ]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[2]["error"] == "rate_limited" and acks[2]["retry_after"] > 0


def test_edit_delete_typing_and_sync(chat):
    ann, bob = chat("ann"), chat("bob")
    for client in (ann, bob):
        client.emit("join", chat.room_id, namespace=NS, callback=True)
    sent = ann.emit(
        "send",
        {"room_id": chat.room_id, "body": "typo", "client_msg_id": "e"},
        namespace=NS,
        callback=True,
    )["message"]
    bob.get_received(NS)
    assert (
        bob.emit("edit", {"message_id": sent["id"], "body": "nope"}, namespace=NS, callback=True)[
            "error"
        ]
        == "forbidden"
    )
    assert ann.emit(
        "edit", {"message_id": sent["id"], "body": "fixed"}, namespace=NS, callback=True
    )["ok"]
    assert [e["body"] for e in events(bob, "message_edited")] == ["fixed"]
    ann.emit("typing", {"room_id": chat.room_id}, namespace=NS)
    # the display name too: typing reads "Ann is typing…" like messages show names
    assert events(bob, "typing") == [
        {"room_id": chat.room_id, "username": "ann", "display_name": "Ann"}
    ]
    assert ann.emit("delete", {"message_id": sent["id"]}, namespace=NS, callback=True)["ok"]
    assert [e["deleted"] for e in events(bob, "message_deleted")] == [True]
    synced = bob.emit(
        "sync",
        {"room_id": chat.room_id, "after_id": sent["id"], "after_change": sent["change"]},
        namespace=NS,
        callback=True,
    )
    assert synced["ok"] and [(m["id"], m["deleted"]) for m in synced["messages"]] == [
        (sent["id"], True)
    ]


def test_bad_token_is_refused(chat):
    client = chat("ann", token="iz_forged")
    assert not client.is_connected(NS)


def test_presence_leaves_with_the_socket(chat):
    ann, bob = chat("ann"), chat("bob")
    ann.emit("join", chat.room_id, namespace=NS, callback=True)
    bob.emit("join", chat.room_id, namespace=NS, callback=True)
    ann.get_received(NS)
    bob.disconnect(NS)
    assert events(ann, "presence")[-1] == {
        "room_id": chat.room_id,
        "online": ["ann"],
        "people": [{"username": "ann", "display_name": "Ann"}],
    }
    assert ann.emit("leave", chat.room_id, namespace=NS, callback=True) == {"ok": True}


def test_presence_is_sent_when_the_people_change_not_the_sockets(chat):
    """A second tab of someone already here, or its leaving, changes nobody's list: the room is
    not sent the same list again (with 1,000 sockets joining, those repeats were a sixth of the
    server's CPU). Someone new, or someone's last socket leaving, is news."""
    ann, bob = chat("ann"), chat("bob")
    ann.emit("join", chat.room_id, namespace=NS, callback=True)
    ann.get_received(NS)
    ann_again = chat("ann")
    joined = ann_again.emit("join", chat.room_id, namespace=NS, callback=True)
    assert joined["online"] == ["ann"]  # the joining tab learns the list from its ack
    ann_again.disconnect(NS)
    assert events(ann, "presence") == []
    bob.emit("join", chat.room_id, namespace=NS, callback=True)
    assert [e["online"] for e in events(ann, "presence")] == [["ann", "bob"]]
    bob.disconnect(NS)
    assert [e["online"] for e in events(ann, "presence")] == [["ann"]]


def _message_queries(app, call):  # noqa: ANN001
    """How many SQL statements that read chat messages `call` ran."""
    from innovationzone.extensions import db

    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        result = call()
    return result, sum("chat_messages" in statement for statement in seen)


def _three_points(client, room_id):  # noqa: ANN001, ANN202
    """Sends 'punt 0' to 'punt 2' into the room."""
    for n in range(3):
        client.emit(
            "send",
            {"room_id": room_id, "body": f"punt {n}", "client_msg_id": f"p{n}"},
            namespace=NS,
            callback=True,
        )


def test_joining_an_unchanged_room_reads_no_messages_and_history_stays_current(app, chat, api_as):
    """A thousand people opening a room get its latest messages without reading them again each
    time; a send, an edit, a deletion or an author's new name is in the very next join."""
    ann, bob = chat("ann"), chat("bob")
    _three_points(ann, chat.room_id)

    def join():
        return bob.emit("join", chat.room_id, namespace=NS, callback=True)

    first, _ = _message_queries(app, join)
    again, reads = _message_queries(app, join)
    assert again["history"] == first["history"]
    assert [m["body"] for m in again["history"]] == ["punt 0", "punt 1", "punt 2"]
    assert reads == 0  # the old code loaded the 50 latest messages on every join

    edited = ann.emit(
        "edit",
        {"message_id": first["history"][0]["id"], "body": "punt nul"},
        namespace=NS,
        callback=True,
    )
    assert edited["ok"]
    ann.emit("delete", {"message_id": first["history"][1]["id"]}, namespace=NS, callback=True)
    api_as("ann").patch("me", {"display_name": "Ann de Vries"})
    history = join()["history"]
    assert [(m["body"], m["deleted"]) for m in history] == [
        ("punt nul", False),
        ("", True),
        ("punt 2", False),
    ]
    assert {m["author_display_name"] for m in history} == {"Ann de Vries"}
    assert history[0]["edited_at"] is not None


def _statements(app, call):  # noqa: ANN001, ANN202
    """What `call` answered and every SQL statement it ran."""
    from innovationzone.extensions import db

    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        return call(), seen


def test_a_join_asks_the_database_three_times(app, chat):
    """Profiled, a join was the database's: who is on the socket, the room and its zone, the
    member's role, the room's change number, then the authors' names, each a statement. Now:
    who is on the socket; the room, its zone and the role; the room's change number and the
    version people's names carry (the authors' names are kept with the messages)."""
    ann, bob = chat("ann"), chat("bob")
    ann.emit("send", {"room_id": chat.room_id, "body": "hoi", "client_msg_id": "s1"}, namespace=NS)
    assert bob.emit("join", chat.room_id, namespace=NS, callback=True)["ok"]  # keeps the history
    joined, statements = _statements(
        app, lambda: ann.emit("join", chat.room_id, namespace=NS, callback=True)
    )
    assert [m["body"] for m in joined["history"]] == ["hoi"]
    assert joined["history"][0]["author"] == "ann"
    assert len(statements) == 3, statements


def test_a_member_removed_cannot_join_again_though_the_room_is_kept(app, chat, api_as, monkeypatch):
    """The kept history is shared by every join, the permission check is not: it is asked of
    the database on every join, so access ends with the membership."""
    from innovationzone import realtime

    # The recheck after the removal runs at once, here, rather than in a thread of its own
    # that could outlive the test (and its database).
    monkeypatch.setattr(realtime, "_dispatch", realtime.recheck)
    bob = chat("bob")
    assert bob.emit("join", chat.room_id, namespace=NS, callback=True)["ok"]
    bob.get_received(NS)
    assert api_as("cur").delete("zones/kassa/members/bob").status_code == 204
    assert events(bob, "access_revoked") == [{"room_id": chat.room_id}]
    again = bob.emit("join", chat.room_id, namespace=NS, callback=True)
    assert again == {"ok": False, "error": "not_found", "message": "Not found."}


def test_a_renamed_room_tells_the_sockets_in_it(chat, api_as):
    """Open room pages follow a curator's rename at once; a socket not in the room hears nothing."""
    ann, bob = chat("ann"), chat("bob")
    assert ann.emit("join", chat.room_id, namespace=NS, callback=True)["ok"]
    ann.get_received(NS)
    bob.get_received(NS)
    changed = {"name": "Kassastoringen", "description": "Meld het hier"}
    assert api_as("cur").patch(f"rooms/{chat.room_id}", changed).status_code == 200
    assert events(ann, "room_changed") == [{"room_id": chat.room_id, **changed}]
    assert events(bob, "room_changed") == []
    assert api_as("cur").patch(f"rooms/{chat.room_id}", changed).status_code == 200
    assert events(ann, "room_changed") == []  # nothing changed, nothing sent


def test_sockets_coming_and_going_write_nothing(app, chat):
    """Who is online and which sockets are open live in memory (Redis when scaled out): a write
    per connect, join or disconnect made 1,000 sockets several times slower to connect. Counted
    statements, not time: connecting, joining, leaving and disconnecting change no row."""
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    with app.app_context():
        engine = db.engine
        bob = db.session.scalar(select(User).where(User.username == "bob"))
        token = create_token(bob, "socket")[1]
    with recorded(engine) as ran:
        client = chat("bob", token)
        assert client.emit("join", chat.room_id, namespace=NS, callback=True)["online"] == ["bob"]
        assert client.emit("leave", chat.room_id, namespace=NS, callback=True)["ok"]
        assert client.emit("join", chat.room_id, namespace=NS, callback=True)["ok"]
        client.disconnect(NS)
    writes = [s for s in ran if s.split()[0] in ("insert", "update", "delete")]
    assert writes == []


def test_a_join_asks_for_as_much_history_as_it_needs(app, chat):
    """`history` (0-50, default 50) says how many of the latest messages the join's ack carries:
    a client that has them already asks for none, and then the messages are not even looked
    at (two statements: who is on the socket; the room, its zone and the role)."""
    ann = chat("ann")
    _three_points(ann, chat.room_id)

    def join(data):  # noqa: ANN001, ANN202
        return ann.emit("join", data, namespace=NS, callback=True)

    def bodies(ack):  # noqa: ANN001, ANN202
        return [m["body"] for m in ack["history"]]

    assert bodies(join(chat.room_id)) == ["punt 0", "punt 1", "punt 2"]
    assert bodies(join({"room_id": chat.room_id, "history": 2})) == ["punt 1", "punt 2"]
    assert bodies(join({"room_id": chat.room_id, "history": 50})) == bodies(join(chat.room_id))
    none, statements = _statements(app, lambda: join({"room_id": chat.room_id, "history": 0}))
    assert none["ok"] and none["history"] == [] and none["room"]["id"] == chat.room_id
    assert len(statements) == 2, statements
    for bad in (-1, 51, "5", True, 2.5):
        refused = join({"room_id": chat.room_id, "history": bad})
        assert refused["ok"] is False and refused["error"] == "invalid", bad


def test_a_revoked_token_is_refused_at_the_next_event_before_any_recheck(app, chat, monkeypatch):
    """Who is on a socket is read with the credential on every event, reads included (join,
    sync, typing, read), so revoking a token refuses the socket's very next event, even in
    the moment before the recheck after the revocation has closed the socket."""
    from sqlalchemy import select

    from innovationzone import realtime
    from innovationzone.accounts.credential_services import create_token, revoke_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    monkeypatch.setattr(realtime, "_dispatch", lambda app, scope: None)  # no recheck at all
    with app.app_context():
        bob = db.session.scalar(select(User).where(User.username == "bob"))
        token, secret = create_token(bob, "socket")
        bob_id, token_id = bob.id, token.id
    client = chat("bob", secret)
    assert client.emit("join", chat.room_id, namespace=NS, callback=True)["ok"]
    with app.app_context():
        revoke_token(db.session.get(User, bob_id), token_id)
    refused = client.emit("join", chat.room_id, namespace=NS, callback=True)
    assert refused["ok"] is False and refused["error"] == "unauthorized"
    assert not client.is_connected(NS)
