"""The home page: what's new in my zones beside my unread mentions, and the zone list."""

from __future__ import annotations

from tests.support.clients import ApiClient


def test_home_shows_news_mentions_and_zones_but_no_private_news(app, api_as, browser_login):
    ann: ApiClient = api_as("ann")
    api_as("cor")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.put(
        "zones/winkels/pages/Rooster",
        {"title": "Rooster", "body": "@cor, kijk je even?", "base_revision": None},
    )
    ann.put(
        "zones/kassa/pages/Geheim",
        {"title": "Geheim", "body": "Niet voor cor", "base_revision": None},
    )
    cor = browser_login("cor")
    html = cor.get("/").get_data(as_text=True)
    feed = html.split('id="feed"')[1].split("</ol>")[0]
    assert "Rooster" in feed and "Geheim" not in html
    mentions = html.split('id="my-mentions"')[1].split("</section>")[0]
    assert "Rooster" in mentions
    assert 'id="zone-list"' in html and "Winkels" in html and "Kassa" not in html
    dutch = cor.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Wat is er nieuw" in dutch and "heeft de pagina bewerkt" in dutch


def test_home_pages_back_through_older_news(api_as, browser_login, monkeypatch):
    """Paging is the same at any page size: three news items a page, so five saves (not 32,
    each a render and an index commit) give a second page."""
    from innovationzone.home import views

    monkeypatch.setattr(views, "PAGE", 3)
    ann = api_as("ann")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    for n in range(5):
        ann.put(
            f"zones/winkels/pages/P{n:02d}",
            {"title": f"P{n:02d}", "body": "x", "base_revision": None},
        )
    cor = browser_login("cor")
    first = cor.get("/").get_data(as_text=True)
    assert "P04" in first and "P02" in first and "P01" not in first
    older = first.split('id="feed-older" href="')[1].split('"')[0].replace("&amp;", "&")
    second = cor.get(older).get_data(as_text=True)
    assert "P01" in second and "P00" in second and "P04" not in second


def test_home_shows_my_questions_reviews_and_featured_topic_items(api_as, browser_login):
    ann, bob = api_as("ann"), api_as("bob")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    ann.put(
        "zones/winkels/pages/Kassa",
        {"title": "Kassahandleiding", "body": "x", "base_revision": None},
    )
    assert (
        ann.put(
            "zones/winkels/pages/Kassa/review",
            {"interval_days": 30, "owner": "bob", "due": "2020-01-01"},
        ).status_code
        == 200
    )
    page_id = ann.get("zones/winkels/pages/Kassa").json["id"]
    ann.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "ann"})
    ann.post("topics/kassa/items", {"type": "page", "id": page_id, "pinned": True})
    assert bob.put("topics/kassa/follow").status_code == 204
    asked = ann.post(
        "questions",
        {"zone": "winkels", "title": "Wie heeft de sleutel?", "body": "?", "assignee": "bob"},
    ).json["id"]
    bob.post(
        "questions", {"zone": "winkels", "title": "Hoe laat open?", "body": "?", "assignee": "ann"}
    )

    html = browser_login("bob").get("/").get_data(as_text=True)

    def section(name: str) -> str:
        return html.split(f'id="{name}"')[1].split("</section>")[0]

    assert "Kassahandleiding" in section("featured")
    assert f'href="/questions/{asked}"' in section("questions-for-me")
    assert "Hoe laat open?" in section("my-questions") and "open" in section("my-questions")
    assert "Kassahandleiding" in section("my-reviews") and "overdue" in section("my-reviews")
