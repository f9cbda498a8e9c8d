"""The last lists that showed everything, and a cursor that was not stable (issue 12): walked to
the end at small limits on SQLite and PostgreSQL, nothing repeated or missing, nothing private."""

from __future__ import annotations

import re
from html import unescape

from tests.api.test_list_pagination import walk


def zone_added(api_as, count: int):  # noqa: ANN001, ANN201
    """ann adds bob to `count` zones: bob has `count` notifications, newest last."""
    ann, bob = api_as("ann"), api_as("bob")
    for n in range(count):
        assert ann.post("zones", {"slug": f"z{n}", "name": f"Z {n}"}).status_code == 201
        assert ann.post(f"zones/z{n}/members", {"username": "bob"}).status_code == 201
    return ann, bob


def test_reading_notifications_between_pages_neither_repeats_nor_skips_one(api_as):
    _ann, bob = zone_added(api_as, 7)
    ids = [n["id"] for n in walk(bob, "notifications", "notifications", 100)]
    assert len(ids) == 7
    bob.post("notifications/read", {"ids": [ids[-1]]})  # read before: it comes last
    first = bob.get("notifications?limit=2").get_json()
    assert [n["id"] for n in first["notifications"]] == ids[:2]
    # One just shown and one not shown yet are read before the next page.
    bob.post("notifications/read", {"ids": [ids[1], ids[3]]})
    seen, cursor = [n["id"] for n in first["notifications"]], first["next"]
    while cursor:
        page = bob.get(f"notifications?limit=2&cursor={cursor}").get_json()
        seen += [n["id"] for n in page["notifications"]]
        cursor = page["next"]
    assert seen == ids
    again = [n["id"] for n in walk(bob, "notifications", "notifications", 2)]
    assert again == [ids[0], ids[2], ids[4], ids[5], ids[1], ids[3], ids[6]]


def test_opening_notifications_while_paging_the_page_shows_each_once(api_as):
    _ann, bob = zone_added(api_as, 5)
    url, seen = "/notifications?limit=2", []
    while url:
        html = bob.get(url).get_data(as_text=True)
        shown = re.findall(r'id="notification-(\d+)"', html)
        assert 0 < len(shown) <= 2
        seen += shown
        assert bob.get(f"/notifications/{shown[0]}/open").status_code == 302  # marks it read
        more = re.search(r'rel="next" href="([^"]+)"', html)
        url = unescape(more.group(1)) if more else None
    assert len(seen) == len(set(seen)) == 5
