"""The last lists that showed everything, and a cursor that was not stable (issue 12): walked to
the end at small limits on SQLite and PostgreSQL, nothing repeated or missing, nothing private."""

from __future__ import annotations

import re
from html import unescape

from tests.support.paging import crawl, walk


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


def go_on(api, url: str, key: str, first: dict) -> list:  # noqa: ANN001
    """An embedded list's first page, then its own endpoint from `<key>_next`, two at a time."""
    items, cursor = list(first[key]), first[f"{key}_next"]
    while cursor:
        page = api.get(f"{url}?limit=2&cursor={cursor}").get_json()
        assert len(page[key]) <= 2
        items += page[key]
        cursor = page["next"]
    return items


def test_a_zone_topic_and_question_embed_a_first_page_and_go_on_at_their_lists(api_as):
    ann, bob = zone_added(api_as, 1)
    cor = api_as("cor")
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert ann.post("zones", secret).status_code == 201
    for name in ("cor", "dirk", "eva", "fem"):
        api_as(name)
        assert ann.post("zones/z0/members", {"username": name}).status_code == 201
    members = walk(ann, "zones/z0/members", "members", 100)
    assert len(members) == 6
    zone = ann.get("zones/z0?limit=2").get_json()
    assert zone["members"] == members[:2] and zone["members_next"]
    assert go_on(ann, "zones/z0/members", "members", zone) == members
    whole = ann.get("zones/z0").get_json()
    assert whole["members"] == members and whole["members_next"] is None

    topic = {"slug": "kassa", "title": "Kassa", "owner": "ann"}
    assert api_as("root", admin=True).post("topics", topic).status_code == 201
    for zone_slug, n in [("z0", n) for n in range(4)] + [("geheim", 9)]:
        page = {"title": f"Pagina {n}", "body": "x", "base_revision": None}
        assert ann.put(f"zones/{zone_slug}/pages/P{n}", page).status_code == 201
        page_id = ann.get(f"zones/{zone_slug}/pages/P{n}").get_json()["id"]
        item = {"type": "page", "id": page_id, "pinned": n == 1}
        assert api_as("root").post("topics/kassa/items", item).status_code == 201
    for reader, count in ((ann, 5), (cor, 4)):
        first = reader.get("topics/kassa?limit=2").get_json()
        assert len(first["items"]) <= 2 and first["items_next"] and "following" in first
        items = go_on(reader, "topics/kassa/items", "items", first)
        assert items == walk(reader, "topics/kassa/items", "items", 100)
        titles = [item["title"] for item in items]
        assert len(titles) == count and titles[0] == "Pagina 1"  # pinned first
        assert ("Pagina 9" in titles) == (reader is ann)  # in a private zone cor is not in

    question = {"zone": "z0", "title": "Waar?", "body": "De sleutel."}
    question_id = ann.post("questions", question).get_json()["id"]
    for n in range(5):
        assert (
            bob.post(f"questions/{question_id}/answers", {"body": f"Hier {n}"}).status_code == 201
        )
    answers = walk(ann, f"questions/{question_id}/answers", "answers", 100)
    first = ann.get(f"questions/{question_id}?limit=2").get_json()
    assert first["answers"] == answers[:2] and first["answers_next"]
    assert go_on(ann, f"questions/{question_id}/answers", "answers", first) == answers
    accepted = ann.post(f"questions/{question_id}/accept?limit=1", {"answer_id": answers[4]["id"]})
    assert accepted.status_code == 200
    body = accepted.get_json()
    assert len(body["answers"]) == 1 and body["answers_next"] and body["status"] == "answered"


def zone_links(html: str, marker: str = 'id="zone-list"') -> list[str]:
    return re.findall(r'<h2><a href="/z/([^"]+)">', html.split(marker, 1)[1].split("</ul>", 1)[0])


def test_the_home_page_shows_a_few_zones_and_more_goes_on_in_the_zones_list(
    app, api_as, monkeypatch
):
    ann, bob = zone_added(api_as, 5)
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert ann.post("zones", secret).status_code == 201
    monkeypatch.setattr("innovationzone.home.views.ZONES", 2)
    home = bob.get("/").get_data(as_text=True)
    assert zone_links(home) == ["z0", "z1"]
    assert "2 members" in home.split('id="zone-list"')[1].split("</ul>")[0]
    more = unescape(re.search(r'id="more-zones" href="([^"]+)"', home).group(1))
    assert zone_links(bob.get(more).get_data(as_text=True)) == ["z2", "z3", "z4"]
    assert zone_links(ann.get("/").get_data(as_text=True)) == ["geheim", "z0"]

    from innovationzone.extensions import db
    from tests.support.statements import recorded

    with app.app_context():
        engine = db.engine

    def statements() -> int:
        with recorded(engine) as seen:
            assert bob.get("/zones").status_code == 200
        return len(seen)

    few = statements()
    for name in ("cor", "dirk", "eva"):
        api_as(name, department="Winkels")
        for n in range(5):
            assert ann.post(f"zones/z{n}/members", {"username": name}).status_code == 201
    assert statements() == few  # members counted per page of zones, never loaded
    cards = bob.get("/zones").get_data(as_text=True).split('id="zone-list"')[1]
    assert cards.count("5 members") == 5 and "IT, Winkels" in cards


def test_ones_own_page_lists_zone_feeds_a_page_at_a_time(api_as):
    ann, bob = zone_added(api_as, 5)
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert ann.post("zones", secret).status_code == 201
    public = [f"Z {n}" for n in range(5)]
    for username, api, expected in (("bob", bob, public), ("ann", ann, ["Geheim", *public])):
        url, seen = f"/u/{username}?limit=2", []
        while url:
            html = api.get(url).get_data(as_text=True)
            feeds = html.split('id="feeds"', 1)[1].split("</ul>", 1)[0]
            found = re.findall(r"<li>([^<:]+?)(?: 🔒)?:", feeds)
            assert 0 < len(found) <= 2
            seen += found
            more = re.search(r'id="more-feeds" href="([^"]+)"', html)
            url = unescape(more.group(1)) if more else None
        assert seen == expected
    assert 'id="feeds"' not in ann.get("/u/bob").get_data(as_text=True)


def test_the_home_page_features_a_bounded_number_of_pinned_items(api_as, monkeypatch):
    ann, bob = zone_added(api_as, 1)
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert ann.post("zones", secret).status_code == 201
    root = api_as("root", admin=True)
    for slug in ("alfa", "beta"):
        topic = {"slug": slug, "title": slug.title(), "owner": "ann"}
        assert root.post("topics", topic).status_code == 201
        assert bob.put(f"topics/{slug}/follow", {}).status_code == 204
    for zone, path, topic in (
        ("z0", "Een", "alfa"),
        ("geheim", "Geheim", "alfa"),
        ("z0", "Twee", "alfa"),
        ("z0", "Drie", "beta"),
    ):
        page = {"title": path, "body": "x", "base_revision": None}
        assert ann.put(f"zones/{zone}/pages/{path}", page).status_code == 201
        page_id = ann.get(f"zones/{zone}/pages/{path}").get_json()["id"]
        item = {"type": "page", "id": page_id, "pinned": True}
        assert root.post(f"topics/{topic}/items", item).status_code == 201

    def featured() -> list[str]:
        html = bob.get("/").get_data(as_text=True)
        if 'id="featured"' not in html:
            return []
        return re.findall(
            r'<li><a href="[^"]+">([^<]+)</a>', html.split('id="featured"')[1].split("</ul>")[0]
        )

    assert featured() == ["Twee", "Een", "Drie"]  # by topic, newest first; Geheim left out
    monkeypatch.setattr("innovationzone.topics.services.FEATURED", 2)
    assert featured() == ["Twee"]  # the first two pinned rows, one of them unreadable


def test_the_profile_pages_the_api_tokens(api_as):
    """Every sign-in through the API makes a token: a script's account gathers many."""
    for _ in range(4):
        bob = api_as("bob")
    token = r'/profile/tokens/(\d+)/revoke"'
    seen = crawl(bob, "/profile?limit=2", token, more=r'id="more-tokens" href="([^"]+)"')
    assert len(seen) == len(set(seen)) == 4 and seen == sorted(seen, key=int, reverse=True)
    others = re.findall(
        r'/profile/tokens/(\d+)/revoke"', api_as("ann").get("/profile").get_data(as_text=True)
    )
    assert len(others) == 1 and others[0] not in seen  # ann sees her own token only
