"""Save to wiki: a stretch of a zone room's conversation becomes a quoted wiki page."""

from __future__ import annotations

import pytest

from tests.support.clients import page_csrf


@pytest.fixture
def conversation(app, api_as):
    ann, bob = api_as("ann", department="IT"), api_as("bob", department="Winkels")
    api_as("cor")
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.post("zones/kassa/members", {"username": "bob"})
    room = ann.post("zones/kassa/rooms", {"slug": "algemeen", "name": "Algemeen"}).json
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        ids = [
            send_message(get_user(name), room["id"], text, f"c{n}").id
            for n, (name, text) in enumerate(
                [
                    ("ann", "Welke scanner kiezen we?"),
                    ("bob", "De **Zebra DS2208**, die werkt in Utrecht al."),
                    ("ann", "Top, ik zet het op de lijst."),
                    ("bob", "Ander onderwerp: koffie?"),
                ]
            )
        ]
    return ann, bob, room, ids


def test_a_stretch_becomes_a_quoted_page(conversation, api_as):
    ann, bob, room, ids = conversation
    response = bob.post(f"rooms/{room['id']}/to-wiki", {"from_id": ids[0], "to_id": ids[2]})
    assert response.status_code == 201
    page = ann.get(f"zones/kassa/pages/{response.json['path']}").json
    assert response.json["path"].startswith("Chat/algemeen/")
    body = page["body"]
    assert "Welke scanner kiezen we?" in body and "Zebra DS2208" in body and "koffie" not in body
    assert "**Ann** (@ann)" in body and "**Bob** (@bob)" in body and "UTC" in body
    assert "<blockquote>" in page["html"]
    again = bob.post(f"rooms/{room['id']}/to-wiki", {"from_id": ids[3], "to_id": ids[3]})
    assert again.json["path"] == response.json["path"] + "-2"  # the day's page exists: a new one
    outsider = api_as("cor").post(
        f"rooms/{room['id']}/to-wiki", {"from_id": ids[0], "to_id": ids[1]}
    )
    assert outsider.status_code == 404
    assert (
        bob.post(f"rooms/{room['id']}/to-wiki", {"from_id": "x", "to_id": ids[1]}).status_code
        == 400
    )


def test_the_room_page_form_saves_and_opens_the_editor(conversation, browser_login):
    _ann, _bob, room, ids = conversation
    client = browser_login("bob")
    html = client.get(f"/chat/{room['id']}").get_data(as_text=True)
    assert 'id="to-wiki"' in html
    response = client.post(
        f"/chat/{room['id']}/to-wiki",
        data={"csrf_token": page_csrf(html), "from_id": ids[1], "to_id": ids[1]},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit")
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zebra DS2208" in editor


def test_direct_messages_cannot_go_to_a_zone_wiki(app, api_as):
    bob = api_as("bob")
    api_as("cor")
    direct = bob.post("rooms/direct", {"usernames": ["cor"]}).json
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        message_id = send_message(get_user("bob"), direct["id"], "privé", "d1").id
    response = bob.post(
        f"rooms/{direct['id']}/to-wiki", {"from_id": message_id, "to_id": message_id}
    )
    assert response.status_code == 400


def test_a_dutch_reader_saves_a_page_that_speaks_dutch(conversation, browser_login):
    """The page and its history entry are written for the team that reads them: a Dutch
    reader's "Save to wiki" wrote "From the chat room …" and "Saved from the chat room …"."""
    ann, _bob, room, ids = conversation
    client = browser_login("bob")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    html = client.get(f"/chat/{room['id']}").get_data(as_text=True)
    response = client.post(
        f"/chat/{room['id']}/to-wiki",
        data={"csrf_token": page_csrf(html), "from_id": ids[0], "to_id": ids[1]},
    )
    assert response.status_code == 302
    path = response.headers["Location"].split("/wiki/", 1)[1].removesuffix("/edit")
    body = ann.get(f"zones/kassa/pages/{path}").json["body"]
    assert body.startswith("*Uit de chatruimte “Algemeen”") and "(2 berichten)" in body
    (revision,) = ann.get(f"zones/kassa/pages/{path}/revisions").json["revisions"]
    assert revision["summary"] == "Opgeslagen uit de chatruimte Algemeen"
