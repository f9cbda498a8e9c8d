"""GET /api/v1/feed: what happened in my zones, newest first, paged, only what I may read."""

from __future__ import annotations


def page(client, zone, path, body, base=None, summary=""):  # noqa: ANN001
    response = client.put(
        f"zones/{zone}/pages/{path}",
        {"title": path, "body": body, "base_revision": base, "summary": summary},
    )
    assert response.status_code in (200, 201), response.json
    return response.json


def post(client, zone, title, status="published"):  # noqa: ANN001
    response = client.post(
        f"zones/{zone}/posts", {"title": title, "body": "Tekst", "status": status}
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def titles(client) -> list[tuple[str, str]]:  # noqa: ANN001
    response = client.get("feed")
    assert response.status_code == 200
    return [(item["type"], item["title"]) for item in response.json["items"]]


def test_feed_shows_edits_posts_and_comments_newest_first(two_zones):
    ann, bob, _cor = two_zones
    page(ann, "winkels", "Openingstijden", "Ma-za 9-18", summary="eerste versie")
    post_id = post(ann, "winkels", "Nieuwe kassa")
    comment = {"body": "**Mooi!** Zie [de kassa](https://example.org/kassa) & _meer_"}
    assert bob.post(f"posts/{post_id}/comments", comment).status_code == 201
    items = bob.get("feed").json["items"]
    assert [(i["type"], i["title"], i["actor"], i["zone"]) for i in items] == [
        ("comment", "Nieuwe kassa", "bob", "winkels"),
        ("post", "Nieuwe kassa", "ann", "winkels"),
        ("page", "Openingstijden", "ann", "winkels"),
    ]
    assert items[0]["url"] == f"/z/winkels/blog/{post_id}#comment-{items[0]['id']}"
    assert items[1]["id"] == post_id
    assert items[0]["summary"] == "Mooi! Zie de kassa & meer"  # plain words, not Markdown
    assert items[2]["summary"] == "eerste versie"
    assert items[1]["url"] == f"/z/winkels/blog/{post_id}"
    assert items[2]["url"].startswith("/z/winkels/wiki/") and items[2]["created_at"].endswith("Z")
    assert bob.get("feed").json["next"] is None


def test_private_zone_news_reaches_members_only(two_zones):
    ann, bob, cor = two_zones
    page(ann, "kassa", "Geheim", "Alleen voor het kassateam")
    post(ann, "kassa", "Kassa-uitrol")
    page(ann, "winkels", "Open", "Voor iedereen")
    assert titles(bob) == [("page", "Open"), ("post", "Kassa-uitrol"), ("page", "Geheim")]
    assert titles(cor) == [("page", "Open")]
    assert ann.delete("zones/kassa/members/bob").status_code in (200, 204)
    assert titles(bob) == [("page", "Open")]


def test_drafts_deleted_pages_and_hidden_comments_stay_out(two_zones):
    ann, bob, cor = two_zones
    draft = post(ann, "winkels", "Concept", status="draft")
    assert titles(cor) == []
    assert ann.patch(f"posts/{draft}", {"status": "published"}).status_code == 200
    comment = bob.post(f"posts/{draft}/comments", {"body": "Eerste!"}).json["id"]
    assert titles(cor) == [("comment", "Concept"), ("post", "Concept")]
    assert ann.patch(f"comments/{comment}", {"hidden": True}).status_code == 200
    assert titles(cor) == [("post", "Concept")]
    assert ann.patch(f"posts/{draft}", {"status": "draft"}).status_code == 200
    assert titles(cor) == []
    page(ann, "winkels", "Weg", "tijdelijk")
    assert titles(cor) == [("page", "Weg")]
    assert ann.delete("zones/winkels/pages/Weg").status_code in (200, 204)
    assert titles(cor) == []


def test_repeated_saves_by_one_person_are_one_entry(two_zones):
    ann, bob, cor = two_zones
    first = page(ann, "winkels", "Rooster", "week 1")
    second = page(ann, "winkels", "Rooster", "week 2", base=first["revision"])
    page(bob, "winkels", "Rooster", "week 3", base=second["revision"])
    assert [(i["actor"], i["title"]) for i in cor.get("feed").json["items"]] == [
        ("bob", "Rooster"),
        ("ann", "Rooster"),
    ]


def test_feed_pages_with_limit_and_cursor(two_zones):
    ann, _bob, cor = two_zones
    for n in range(5):
        page(ann, "winkels", f"Pagina-{n}", "tekst")
    seen, cursor = [], None
    while True:
        query = "feed?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = cor.get(query).json
        assert len(body["items"]) <= 2
        seen += [item["title"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [f"Pagina-{n}" for n in range(4, -1, -1)]


def test_bad_paging_is_400_and_anonymous_is_401(two_zones, client):
    _ann, bob, _cor = two_zones
    for query in ("feed?limit=0", "feed?limit=101", "feed?limit=x", "feed?cursor=nope"):
        response = bob.get(query)
        assert response.status_code == 400, query
        assert response.json["error"] and response.json["message"]
    assert client.get("/api/v1/feed").status_code == 401


def test_an_answered_question_is_news_once_accepted(two_zones):
    ann, bob, cor = two_zones
    asked = cor.post(
        "questions",
        {"zone": "winkels", "title": "Waar is de sleutel?", "body": "?", "assignee": "ann"},
    )
    assert asked.status_code == 201, asked.json
    question = asked.json["id"]
    assert titles(bob) == []  # asking is for the assignee's queue, not the feed
    answer = ann.post(f"questions/{question}/answers", {"body": "In de *la*"}).json["id"]
    assert titles(bob) == []
    assert cor.post(f"questions/{question}/accept", {"answer_id": answer}).status_code == 200
    (item,) = bob.get("feed").json["items"]
    assert (item["type"], item["id"], item["title"], item["actor"], item["summary"]) == (
        "question",
        question,
        "Waar is de sleutel?",
        "ann",
        "In de la",
    )
