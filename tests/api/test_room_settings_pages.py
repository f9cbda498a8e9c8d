"""A zone's curators rename a chat room, say what it is for, or delete it from its settings page,
and search follows at once; no one else reaches the page. On SQLite and PostgreSQL."""

from __future__ import annotations

from tests.support.clients import form_csrf, submit_form


def test_a_curator_renames_and_deletes_a_room_on_its_settings_page(two_zones, browser_login):
    ann, _bob, cor = two_zones
    room = ann.post("zones/winkels/rooms", {"slug": "balie", "name": "Retourbalie"}).json
    curator = browser_login("ann")
    listed = curator.get("/z/winkels/chat").get_data(as_text=True)
    assert f'href="/chat/{room["id"]}/settings"' in listed
    saved = submit_form(
        curator,
        f"/chat/{room['id']}/settings",
        {"name": "Ruilpunt", "description": "Ruilen zonder bon"},
    )
    assert saved.status_code == 302 and saved.headers["Location"] == f"/chat/{room['id']}"
    found = [(h["type"], h["title"]) for h in cor.get("search?q=ruilpunt bon").json["results"]]
    assert found == [("room", "Ruilpunt")]
    assert cor.get("search?q=retourbalie").json["total"] == 0

    page = curator.get(f"/chat/{room['id']}/settings").get_data(as_text=True)
    assert 'data-confirm="Delete this room and all its messages?"' in page
    deleted = curator.post(f"/chat/{room['id']}/delete", data={"csrf_token": form_csrf(page)})
    assert deleted.status_code == 302 and deleted.headers["Location"] == "/z/winkels/chat"
    assert cor.get("search?q=ruilpunt").json["total"] == 0
    assert ann.get(f"rooms/{room['id']}").status_code == 404


def test_only_the_zones_curators_reach_a_rooms_settings(two_zones, browser_login):
    ann, _bob, _cor = two_zones
    room = ann.post("zones/kassa/rooms", {"slug": "storing", "name": "Kassastoringen"}).json
    member, outsider = browser_login("bob"), browser_login("cor")
    assert f"/chat/{room['id']}/settings" not in member.get("/z/kassa/chat").get_data(as_text=True)
    assert member.get(f"/chat/{room['id']}/settings").status_code == 403
    assert outsider.get(f"/chat/{room['id']}/settings").status_code == 404
    page = member.get("/z/kassa/chat").get_data(as_text=True)
    refused = member.post(f"/chat/{room['id']}/delete", data={"csrf_token": form_csrf(page)})
    assert refused.status_code == 403
    assert ann.get(f"rooms/{room['id']}").status_code == 200


def test_a_room_page_says_what_the_room_is_for_and_leads_curators_to_its_settings(
    two_zones, browser_login
):
    ann, _bob, _cor = two_zones
    room = ann.post(
        "zones/kassa/rooms",
        {"slug": "storing", "name": "Kassastoringen", "description": "Meld hier <storingen>"},
    ).json
    settings = f'href="/chat/{room["id"]}/settings"'
    curator, member = browser_login("ann"), browser_login("bob")
    as_curator = curator.get(f"/chat/{room['id']}").get_data(as_text=True)
    as_member = member.get(f"/chat/{room['id']}").get_data(as_text=True)
    assert settings in as_curator and settings not in as_member
    assert ">Meld hier &lt;storingen&gt;</span>" in as_member
