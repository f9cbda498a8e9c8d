"""Notifications follow access: someone removed from a private zone, or outside a zone made
private, no longer sees that zone's notifications (whose titles name its pages, posts and
questions) in the list, the unread badge, the home page's mentions or a cached page's header;
let in again, they are back. The daily digest already left them out."""

from __future__ import annotations

import re

from tests.support.clients import ApiClient


def _titles(client: ApiClient) -> tuple[list[str], int]:
    answer = client.get("notifications").json
    return [n["title"] for n in answer["notifications"]], answer["unread"]


def _badge(html: str) -> str:
    found = re.search(r'id="notif-count" class="badge"(?: hidden)?>(\d+)<', html)
    assert found, "no badge"
    return found.group(1)


def test_removed_member_loses_the_zones_notifications_at_once(two_zones, browser_login):
    ann, bob, _cor = two_zones
    body = {"title": "Shortlist kassa", "body": "Kijk mee, @bob.", "base_revision": None}
    assert ann.put("zones/kassa/pages/Shortlist", body).status_code == 201
    body = {"title": "Rooster", "body": "Open om negen, @bob.", "base_revision": None}
    assert ann.put("zones/winkels/pages/Rooster", body).status_code == 201
    browser = browser_login("bob")
    titles, unread = _titles(bob)
    assert "Shortlist kassa" in titles and "Rooster" in titles and unread == 3  # + added to kassa
    assert "Shortlist kassa" in browser.get("/").get_data(as_text=True)

    assert ann.delete("zones/kassa/members/bob").status_code == 204
    assert _titles(bob) == (["Rooster"], 1)
    assert "Shortlist kassa" not in browser.get("/").get_data(as_text=True)
    assert _badge(browser.get("/notifications").get_data(as_text=True)) == "1"
    assert _badge(browser.get("/z/winkels/wiki/Rooster").get_data(as_text=True)) == "1"

    assert ann.post("zones/kassa/members", {"username": "bob"}).status_code == 201
    titles, unread = _titles(bob)
    assert "Shortlist kassa" in titles and unread == 4  # and added again


def test_a_zone_made_private_takes_its_notifications_from_outsiders(two_zones):
    ann, _bob, cor = two_zones
    body = {"title": "Rooster", "body": "Open om negen, @cor.", "base_revision": None}
    assert ann.put("zones/winkels/pages/Rooster", body).status_code == 201
    assert _titles(cor) == (["Rooster"], 1)
    assert ann.patch("zones/winkels", {"visibility": "private"}).status_code == 200
    assert _titles(cor) == ([], 0)
