"""GET /api/v1/activity on SQLite and PostgreSQL: the grouped counts, one zone, periods, errors."""

from __future__ import annotations

import pytest
from sqlalchemy import select


@pytest.fixture
def team(app, api_as):
    """ann (Marketing) curates public `winkels` and private `kassa`; bob (IT) writes in both,
    nod has no department, cor (Logistiek) is an outsider who only comments."""
    ann = api_as("ann", department="Marketing")
    bob = api_as("bob", department="IT")
    nod = api_as("nod", department="")
    cor = api_as("cor", department="Logistiek")
    assert (
        ann.post(
            "zones", {"slug": "winkels", "name": "Winkels", "visibility": "public"}
        ).status_code
        == 201
    )
    assert (
        ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"}).status_code
        == 201
    )
    assert ann.post("zones/kassa/members", {"username": "bob", "role": "member"}).status_code == 201
    page = {"title": "Schappen", "body": "v1", "base_revision": None}
    assert ann.put("zones/winkels/pages/Schappen", page).status_code == 201
    assert (
        bob.put(
            "zones/winkels/pages/Schappen", {**page, "body": "v2", "base_revision": 1}
        ).status_code
        == 200
    )
    assert bob.put("zones/kassa/pages/Uitrol", {**page, "title": "Uitrol"}).status_code == 201
    post = nod.post(
        "zones/winkels/posts", {"title": "Idee", "body": "Tekst", "status": "published"}
    ).json
    assert cor.post(f"posts/{post['id']}/comments", {"body": "Goed idee"}).status_code == 201
    room = ann.post("zones/winkels/rooms", {"slug": "algemeen", "name": "Algemeen"}).json
    direct = cor.post("rooms/direct", {"usernames": ["ann"]}).json
    _send(app, "cor", room["id"], "hallo", "c1")
    _send(app, "cor", direct["id"], "privé", "c2")  # direct messages never count
    return {"ann": ann, "bob": bob, "cor": cor}


def _send(app, username: str, room_id: int, body: str, client_msg_id: str) -> None:  # noqa: ANN001
    """Chat messages arrive over Socket.IO only; the service is what its handler calls."""
    from innovationzone.accounts.models import User
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    with app.app_context():
        send_message(
            db.session.scalar(select(User).where(User.username == username)),
            room_id,
            body,
            client_msg_id,
        )


def rows(response) -> dict:  # noqa: ANN001
    assert response.status_code == 200, response.json
    return {
        row["department"]: (
            row["page_revisions"],
            row["posts"],
            row["comments"],
            row["messages"],
            row["total"],
        )
        for row in response.json["departments"]
    }


def test_counts_per_department_across_readable_zones(team):
    response = team["bob"].get("activity")
    assert response.json["period_days"] == 30 and response.json["since"].endswith("Z")
    assert rows(response) == {
        "IT": (2, 0, 0, 0, 2),
        "Logistiek": (0, 0, 1, 1, 2),
        "Marketing": (1, 0, 0, 0, 1),
        None: (0, 1, 0, 0, 1),  # no department: null, the same in every language
    }
    assert [row["department"] for row in response.json["departments"]][:2] == ["IT", "Logistiek"]


def test_private_zone_never_counted_for_an_outsider(team):
    assert rows(team["cor"].get("activity"))["IT"] == (1, 0, 0, 0, 1)
    assert team["cor"].get("activity?zone=kassa").status_code == 404
    assert team["cor"].get("activity?zone=bestaat-niet").status_code == 404
    assert rows(team["bob"].get("activity?zone=kassa")) == {"IT": (1, 0, 0, 0, 1)}


def test_all_time_and_a_given_number_of_days(team):
    response = team["ann"].get("activity?days=all")
    assert response.json["period_days"] is None and response.json["since"] is None
    assert rows(response) == rows(team["ann"].get("activity?days=7"))


@pytest.mark.parametrize("days", ["0", "-1", "abc", "99999", "1e3"])
def test_bad_days_is_a_400_with_a_message(team, days):
    response = team["ann"].get(f"activity?days={days}")
    assert response.status_code == 400
    assert response.json["error"] and "days" in response.json["message"]


def test_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/activity").status_code == 401
