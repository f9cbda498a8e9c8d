"""The recheck behind "access that ends", run the way the periodic sweep runs it: access taken
away behind the services' back (no recheck asked for) is still found, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from innovationzone import realtime
from innovationzone.accounts.credential_services import create_token
from innovationzone.accounts.models import ApiToken, User
from innovationzone.db import utcnow
from innovationzone.extensions import db, socketio
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
    sent = ann_chat.emit(
        "send",
        {"room_id": room, "body": "alleen voor leden", "client_msg_id": "a-1"},
        namespace="/chat",
        callback=True,
    )
    assert sent["ok"]
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
