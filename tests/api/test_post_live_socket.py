"""`watch_post` on /chat (Flask-SocketIO's test client): readers of a post hear post_changed
after a comment or reaction commits; nobody else can listen in."""

from __future__ import annotations

import pytest

NS = "/chat"


@pytest.fixture
def sockets(app, api_as):
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db, socketio

    clients = []

    def connect(username: str):
        api_as(username)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == username))
            token = create_token(user, "socket")[1]
        client = socketio.test_client(app, namespace=NS, auth={"token": token})
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected(NS):
            client.disconnect(NS)


def changed(client) -> list[dict]:  # noqa: ANN001
    return [e["args"][0] for e in client.get_received(NS) if e["name"] == "post_changed"]


def test_readers_hear_changes_outsiders_are_refused(two_zones, sockets):
    ann, bob, _cor = two_zones
    post = ann.post("zones/kassa/posts", {"title": "Plan", "body": "x", "status": "published"})
    post_id = post.json["id"]
    reader, outsider = sockets("bob"), sockets("cor")
    assert reader.emit("watch_post", post_id, namespace=NS, callback=True) == {"ok": True}
    refused = outsider.emit("watch_post", {"post_id": post_id}, namespace=NS, callback=True)
    assert refused["ok"] is False and refused["error"] == "not_found"
    bad = reader.emit("watch_post", "12", namespace=NS, callback=True)
    assert bad["ok"] is False and bad["error"] == "invalid"

    ann.post(f"posts/{post_id}/comments", {"body": "Nieuw"})
    ann.put(f"posts/{post_id}/reactions/heart")
    assert changed(reader) == [{"post_id": post_id}, {"post_id": post_id}]
    assert changed(outsider) == []

    draft = ann.post("zones/kassa/posts", {"title": "Concept", "body": "x"}).json["id"]
    refused = reader.emit("watch_post", draft, namespace=NS, callback=True)
    assert refused["ok"] is False and refused["error"] == "not_found"
