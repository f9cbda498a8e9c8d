"""A comment is found by its own words and a chat message by what it says, not by the title of
the post or the name of the room they sit in: searching "retouren", staff saw three comments that
never say it (short, so ranked by their post's title above the post itself) and every message of
a room named "Retouren vandaag". The post's title still names where a comment was found; the
room itself is found by its name (test_room_search)."""

from __future__ import annotations

import pytest

from tests.support.search_engines import every_engine

pytestmark = every_engine


@pytest.fixture
def shop(app, api_as):
    ann, bob = api_as("ann"), api_as("bob")
    assert ann.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    post = ann.post(
        "zones/winkels/posts",
        {
            "title": "Retouren via de winkel",
            "body": "Klanten brengen webshopretouren naar elke winkel.",
            "status": "published",
        },
    ).json
    for text in ("Wekelijks bundelen kan.", "Werkt dit ook voor retouren van meubels?"):
        assert bob.post(f"posts/{post['id']}/comments", {"body": text}).status_code == 201
    room = ann.post("zones/winkels/rooms", {"slug": "vandaag", "name": "Retouren vandaag"}).json
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        send_message(get_user("bob"), room["id"], "Morgen om 12:00, de rit is bevestigd.", "m1")
        send_message(get_user("ann"), room["id"], "Drie retouren liggen klaar.", "m2")
    return ann


def found(client, query: str) -> list[tuple[str, str, str]]:
    response = client.get("search", query_string={"q": query})
    assert response.status_code == 200
    return sorted((h["type"], h["title"], h["snippet"]) for h in response.json["results"])


def test_comments_and_messages_match_their_own_words(shop):
    hits = found(shop, "retouren")
    assert [(kind, title) for kind, title, _snippet in hits] == [
        ("comment", "Retouren via de winkel"),
        ("message", "Retouren vandaag"),
        ("post", "Retouren via de winkel"),
        ("room", "Retouren vandaag"),
    ]
    assert "meubels" in hits[0][2] and "liggen klaar" in hits[1][2]
    assert found(shop, "bundelen")[0][:2] == ("comment", "Retouren via de winkel")


def test_a_direct_message_hit_is_named_in_the_readers_language(shop, app, browser_login):
    """A direct room has no name to show: the search page says so in Dutch to a Dutch reader."""
    client = browser_login("bob")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    direct = shop.post("rooms/direct", {"usernames": ["bob"]}).json
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        send_message(get_user("ann"), direct["id"], "Heb je de pallets geteld?", "d1")
    page = client.get("/search?q=pallets").get_data(as_text=True)
    assert "Privébericht</a>" in page and "Direct message" not in page
