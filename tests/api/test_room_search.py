"""A zone's chat room is found by its name and description, as a page by its title: searching a
room's name found nothing (its messages are found by their own words, and the room was no
search document). Only readers of its zone ever find it, at once as access changes, and a
rename or deletion is what search shows next. On every engine."""

from __future__ import annotations

import pytest

from tests.support.clients import submit_form
from tests.support.search_engines import every_engine

pytestmark = every_engine


@pytest.fixture
def rooms(app, two_zones):
    """ann curates public 'winkels' with room 'Retourbalie' and private 'kassa' with room
    'Kassastoringen'; bob is a kassa member, cor is outside."""
    ann, bob, cor = two_zones
    balie = ann.post(
        "zones/winkels/rooms",
        {"slug": "balie", "name": "Retourbalie", "description": "Vragen over pakketten terug"},
    )
    assert balie.status_code == 201 and balie.json["description"] == "Vragen over pakketten terug"
    storingen = ann.post("zones/kassa/rooms", {"slug": "storing", "name": "Kassastoringen"})
    assert storingen.status_code == 201 and storingen.json["description"] == ""
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        send_message(get_user("ann"), balie.json["id"], "Drie dozen staan klaar.", "m1")
    return ann, bob, cor, balie.json, storingen.json


def hits(client, query: str, **params) -> list[tuple[str, str]]:
    response = client.get("search", query_string={"q": query, **params})
    assert response.status_code == 200, response.json
    return [(hit["type"], hit["title"]) for hit in response.json["results"]]


def test_a_room_is_found_by_its_name_and_its_description(rooms):
    ann, _bob, cor, balie, _storingen = rooms
    assert hits(cor, "retourbalie") == [("room", "Retourbalie")]
    assert hits(cor, "pakketten") == [("room", "Retourbalie")]
    answer = cor.get("search", query_string={"q": "retourbalie"}).json
    assert answer["total"] == 1
    assert answer["results"][0]["url"] == f"/chat/{balie['id']}"
    assert answer["results"][0]["zone"] == "winkels"
    # narrowed to rooms by the API's type and by the operator; messages stay messages
    assert hits(ann, "retourbalie dozen", type="room") == [("room", "Retourbalie")]
    assert hits(ann, "type:rooms retourbalie dozen") == [("room", "Retourbalie")]
    assert hits(ann, "dozen") == [("message", "Retourbalie")]
    assert ("room", "Retourbalie") in hits(ann, "type:room")  # an operator alone lists them
    assert hits(ann, "by:ann type:room") == [("room", "Kassastoringen"), ("room", "Retourbalie")]


def test_a_private_zones_room_shows_only_to_its_members(rooms):
    ann, bob, cor, _balie, _storingen = rooms
    assert hits(bob, "kassastoringen") == [("room", "Kassastoringen")]
    answer = cor.get("search", query_string={"q": "kassastoringen"}).json
    assert (answer["total"], answer["results"]) == (0, [])
    assert hits(cor, "type:room") == [("room", "Retourbalie")]


def test_a_removed_member_loses_the_room_at_once(rooms):
    ann, bob, _cor, _balie, _storingen = rooms
    assert ann.delete("zones/kassa/members/bob").status_code == 204
    answer = bob.get("search", query_string={"q": "kassastoringen"}).json
    assert (answer["total"], answer["results"]) == (0, [])


def test_a_zone_made_private_hides_its_rooms_from_outsiders(rooms):
    ann, _bob, cor, _balie, _storingen = rooms
    assert ann.patch("zones/winkels", {"visibility": "private"}).status_code == 200
    assert hits(cor, "retourbalie") == []
    assert hits(ann, "retourbalie") == [("room", "Retourbalie")]


def test_a_renamed_room_is_found_by_its_new_name_only(rooms):
    ann, _bob, cor, balie, _storingen = rooms
    renamed = ann.patch(f"rooms/{balie['id']}", {"name": "Ruilpunt"})
    assert renamed.status_code == 200
    assert (renamed.json["name"], renamed.json["description"]) == (
        "Ruilpunt",
        "Vragen over pakketten terug",
    )
    assert hits(cor, "retourbalie") == []
    assert hits(cor, "ruilpunt") == [("room", "Ruilpunt")]
    assert hits(cor, "dozen") == [("message", "Ruilpunt")]  # its messages show the new name
    cleared = ann.patch(f"rooms/{balie['id']}", {"description": ""})
    assert cleared.status_code == 200 and cleared.json["description"] == ""
    assert hits(cor, "pakketten") == []


def test_a_deleted_room_and_its_messages_are_no_longer_found(rooms, app):
    ann, _bob, cor, balie, _storingen = rooms
    assert ann.delete(f"rooms/{balie['id']}").status_code == 204
    for query in ("retourbalie", "pakketten", "dozen"):
        answer = cor.get("search", query_string={"q": query}).json
        assert (answer["total"], answer["results"]) == (0, []), query
    assert ann.get(f"rooms/{balie['id']}").status_code == 404


def test_only_curators_rename_or_delete_a_room(rooms):
    ann, bob, cor, balie, storingen = rooms
    assert cor.patch(f"rooms/{balie['id']}", {"name": "Van cor"}).status_code == 403
    assert cor.delete(f"rooms/{balie['id']}").status_code == 403
    assert cor.patch(f"rooms/{storingen['id']}", {"name": "Van cor"}).status_code == 404
    assert bob.delete(f"rooms/{storingen['id']}").status_code == 403
    too_long = ann.patch(f"rooms/{balie['id']}", {"name": "x" * 121})
    assert too_long.status_code == 400 and too_long.json["error"] == "invalid"
    assert ann.patch(f"rooms/{balie['id']}", {"description": 7}).status_code == 400
    direct = ann.post("rooms/direct", {"usernames": ["bob"]}).json
    assert ann.patch(f"rooms/{direct['id']}", {"name": "Wij"}).status_code == 403
    assert hits(cor, "retourbalie") == [("room", "Retourbalie")]


def test_the_search_page_shows_a_room_in_the_readers_language(rooms, browser_login):
    _ann, _bob, _cor, balie, _storingen = rooms
    client = browser_login("cor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    page = client.get("/search?q=retourbalie").get_data(as_text=True)
    assert f'<a href="/chat/{balie["id"]}">Retourbalie</a>' in page
    assert ">chatruimte</span>" in page and "<mark>Vragen</mark>" not in page
    assert 'value="room"' in page and "Chatruimtes" in page


def test_a_room_made_on_the_zone_page_is_found_by_what_it_is_for(rooms, browser_login):
    """The zone's chat page asks what a new room is for and lists it under the name; search
    finds the room by it."""
    client = browser_login("cor")
    made = submit_form(
        client,
        "/z/winkels/chat",
        {"name": "Paasactie", "slug": "pasen", "description": "Eieren en etalages"},
    )
    assert made.status_code == 302
    listed = client.get("/z/winkels/chat").get_data(as_text=True)
    assert '<small class="muted room-description">Eieren en etalages</small>' in listed
    page = client.get("/search?q=etalages").get_data(as_text=True)
    assert f'<a href="{made.headers["Location"]}">Paasactie</a>' in page
