"""Chat rooms and messages over the JSON API, on SQLite and PostgreSQL."""

import pytest


@pytest.fixture
def team(api_as):
    cur = api_as("cur")
    ann = api_as("ann")
    out = api_as("out")
    assert (
        cur.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"}).status_code
        == 201
    )
    assert cur.post("zones/kassa/members", {"username": "ann", "role": "member"}).status_code == 201
    return cur, ann, out


def test_rooms_of_a_zone(team):
    cur, ann, out = team
    created = ann.post("zones/kassa/rooms", {"slug": "algemeen", "name": "Algemeen"})
    assert created.status_code == 201 and created.json["id"] and created.json["zone"] == "kassa"
    assert ann.post("zones/kassa/rooms", {"slug": "algemeen", "name": "Weer"}).status_code == 409
    assert (
        ann.post("zones/kassa/rooms", {"slug": "Niet Goed!", "name": "x"}).json["error"]
        == "invalid"
    )
    listed = cur.get("zones/kassa/rooms").json["rooms"]
    assert [(r["slug"], r["unread"]) for r in listed] == [("algemeen", 0)]
    assert out.get("zones/kassa/rooms").status_code == 404
    assert out.post("zones/kassa/rooms", {"slug": "x", "name": "x"}).status_code == 404
    assert out.get(f"rooms/{created.json['id']}").status_code == 404
    assert ann.get("rooms/999999").status_code == 404


def _send(app, username, room_id, bodies):
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    with app.app_context():
        app.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
        user = db.session.scalar(select(User).where(User.username == username))
        return [send_message(user, room_id, body, f"{username}-{body}").id for body in bodies]


def test_messages_ascending_with_cursors(app, team):
    _cur, ann, out = team
    room_id = ann.post("zones/kassa/rooms", {"slug": "a", "name": "A"}).json["id"]
    ids = _send(app, "ann", room_id, [f"m{n}" for n in range(5)])
    latest = ann.get(f"rooms/{room_id}/messages?limit=2").json["messages"]
    assert [m["id"] for m in latest] == ids[3:]
    assert set(latest[0]) >= {
        "id",
        "room_id",
        "author",
        "body",
        "html",
        "created_at",
        "client_msg_id",
        "seq",
    }
    older = ann.get(f"rooms/{room_id}/messages?before={ids[3]}&limit=2").json["messages"]
    assert [m["id"] for m in older] == ids[1:3]
    newer = ann.get(f"rooms/{room_id}/messages?after={ids[0]}").json["messages"]
    assert [m["id"] for m in newer] == ids[1:]
    assert ann.get(f"rooms/{room_id}/messages?limit=500").status_code == 400
    assert ann.get(f"rooms/{room_id}/messages?before=abc").status_code == 400
    assert out.get(f"rooms/{room_id}/messages").status_code == 404


def test_unread_count_and_read_marker(app, team):
    cur, ann, _out = team
    room_id = ann.post("zones/kassa/rooms", {"slug": "b", "name": "B"}).json["id"]
    _send(app, "ann", room_id, ["x", "y"])
    assert cur.get("zones/kassa/rooms").json["rooms"][0]["unread"] == 2
    assert cur.post(f"rooms/{room_id}/read", {"seq": 1}).json == {"last_seq": 1}
    assert cur.get("zones/kassa/rooms").json["rooms"][0]["unread"] == 1
    assert cur.post(f"rooms/{room_id}/read", {"seq": "all"}).status_code == 400


def test_direct_rooms(team, api_as):
    cur, ann, out = team
    created = ann.post("rooms/direct", {"usernames": ["cur"]})
    assert created.status_code == 201 and created.json["kind"] == "direct"
    assert created.json["members"] == ["ann", "cur"]
    again = cur.post("rooms/direct", {"usernames": ["ann"]})
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
    assert [r["id"] for r in cur.get("rooms/direct").json["rooms"]] == [created.json["id"]]
    assert out.get(f"rooms/{created.json['id']}/messages").status_code == 404
    assert out.get("rooms/direct").json["rooms"] == []
    assert ann.post("rooms/direct", {"usernames": "cur"}).status_code == 400
    assert ann.post("rooms/direct", {"usernames": ["ghost"]}).status_code == 404
    assert ann.post("rooms/direct", {}).status_code == 400
