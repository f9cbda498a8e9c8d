"""The recheck behind "access that ends", run the way the periodic sweep runs it: access taken
away behind the services' back (no recheck asked for) is still found, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select, update

from innovationzone import realtime
from innovationzone.accounts.credential_services import create_token
from innovationzone.accounts.models import ApiToken, User
from innovationzone.chat import room_services
from innovationzone.db import utcnow
from innovationzone.extensions import db, socketio
from innovationzone.permissions import READ
from innovationzone.zones.models import Membership

PAGE = {"zone": "kassa", "path": "Plan"}


@pytest.fixture
def sockets(app, api_as):
    cur = api_as("cur")
    cur.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    for name in ("ann", "bob"):
        api_as(name)
        cur.post("zones/kassa/members", {"username": name})
    room = cur.post("zones/kassa/rooms", {"slug": "team", "name": "Team"}).json["id"]
    app.config["CHAT_PRESENCE_DELAY"] = 0
    opened = {}
    for name in ("ann", "bob"):
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == name))
            token = create_token(user, "socket")[1]
        chat = socketio.test_client(app, namespace="/chat", auth={"token": token})
        wiki = socketio.test_client(app, namespace="/wiki", auth={"token": token})
        assert chat.emit("join", room, namespace="/chat", callback=True)["ok"]
        assert wiki.emit("editing", PAGE, namespace="/wiki", callback=True)["ok"]
        chat.get_received("/chat")
        wiki.get_received("/wiki")
        opened[name] = (chat, wiki)
    yield room, opened
    for chat, wiki in opened.values():
        for client, namespace in ((chat, "/chat"), (wiki, "/wiki")):
            if client.is_connected(namespace):
                client.disconnect(namespace)


def _received(client, namespace: str) -> list[tuple[str, object]]:  # noqa: ANN001
    """(event, data) pairs since the last call; `message` is the test client's one bare event."""
    return [
        (e["name"], e["args"] if e["name"] == "message" else e["args"][0])
        for e in client.get_received(namespace)
    ]


def _members_only(chat, room: int, client_msg_id: str) -> dict:  # noqa: ANN001
    """ann's message to the room, which only those who may read it receive."""
    return chat.emit(
        "send",
        {"room_id": room, "body": "alleen voor leden", "client_msg_id": client_msg_id},
        namespace="/chat",
        callback=True,
    )


def _events(received: list[tuple[str, object]], name: str) -> list:
    return [data for event, data in received if event == name]


def _user_id(app, username: str) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def test_sweep_evicts_a_member_removed_behind_the_services_back(app, sockets):
    room, opened = sockets
    (ann_chat, ann_wiki), (bob_chat, bob_wiki) = opened["ann"], opened["bob"]
    with app.app_context():
        db.session.execute(delete(Membership).where(Membership.user_id == _user_id(app, "bob")))
        db.session.commit()
    realtime.recheck(app, {})
    bob_got = _received(bob_chat, "/chat")
    assert _events(bob_got, "access_revoked") == [{"room_id": room}]
    assert _events(_received(bob_wiki, "/wiki"), "access_revoked") == [
        {"room_id": f"wiki:{_zone_id(app)}:Plan"}
    ]
    assert _events(_received(ann_wiki, "/wiki"), "editors")[-1]["editors"] == ["ann"]
    assert _members_only(ann_chat, room, "a-1")["ok"]
    ann_got = _received(ann_chat, "/chat")
    assert [m["body"] for m in _events(ann_got, "message")] == ["alleen voor leden"]
    assert _events(ann_got, "access_revoked") == []
    assert _received(bob_chat, "/chat") == []  # not the message, nor ann's presence


def test_sweep_disconnects_a_socket_whose_token_ended(app, sockets):
    _room, opened = sockets
    with app.app_context():
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == _user_id(app, "ann"))
            .values(revoked_at=utcnow())
        )
        db.session.commit()
    realtime.recheck(app, {})
    ann_chat, ann_wiki = opened["ann"]
    assert not ann_chat.is_connected("/chat") and not ann_wiki.is_connected("/wiki")
    bob_chat, bob_wiki = opened["bob"]
    assert bob_chat.is_connected("/chat") and bob_wiki.is_connected("/wiki")


def _zone_id(app) -> int:  # noqa: ANN001
    from innovationzone.zones.models import Zone

    with app.app_context():
        return db.session.scalar(select(Zone.id).where(Zone.slug == "kassa"))


def test_a_join_checked_while_a_recheck_runs_is_refused(app, sockets, monkeypatch):
    """bob's join passes its access check; before the socket is in the room's channel, his
    membership ends and the recheck walks the channels (without him). The join must notice and
    refuse rather than leave him listening."""
    room, opened = sockets
    (ann_chat, _ann_wiki), (bob_chat, _bob_wiki) = opened["ann"], opened["bob"]
    assert bob_chat.emit("leave", room, namespace="/chat", callback=True)["ok"]
    checked = room_services.readable_room

    def access_ends_meanwhile(user, room_id, action=READ):  # noqa: ANN001, ANN202
        answer = checked(user, room_id, action)
        with app.app_context():  # another request removes bob, and its recheck runs
            db.session.execute(delete(Membership).where(Membership.user_id == user.id))
            db.session.commit()
        realtime.recheck(app, {"user_id": user.id})
        return answer

    monkeypatch.setattr(room_services, "readable_room", access_ends_meanwhile)
    refused = bob_chat.emit("join", room, namespace="/chat", callback=True)
    monkeypatch.undo()
    assert refused["ok"] is False and refused["error"] == "not_found"
    _received(bob_chat, "/chat")
    assert _members_only(ann_chat, room, "a-2")["ok"]
    assert _received(bob_chat, "/chat") == []


def test_the_recheck_a_removal_asks_for_is_awaited(app, sockets, api_as, monkeypatch):
    """The recheck a commit asks for runs in its own task; `wait_rechecks` answers only once it
    has run, so nothing (the test's teardown disposing the engine) closes the database under it."""
    room, opened = sockets
    release = threading.Event()
    run = realtime.recheck

    def held(app_, scope):  # noqa: ANN001, ANN202
        release.wait(15)
        run(app_, scope)

    monkeypatch.setattr(realtime, "recheck", held)
    assert api_as("cur").delete("zones/kassa/members/bob").status_code == 204
    assert not realtime.wait_rechecks(app, 0.05)  # still held: not done
    release.set()
    assert realtime.wait_rechecks(app, 15)
    bob_chat, _bob_wiki = opened["bob"]
    assert _events(_received(bob_chat, "/chat"), "access_revoked") == [{"room_id": room}]
