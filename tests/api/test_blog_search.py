"""Blog posts and comments are found by search only while readers may see them."""


def found(client, query: str) -> list[tuple[str, str]]:
    return [
        (hit["type"], hit["title"])
        for hit in client.get("search", query_string={"q": query}).json["results"]
    ]


def test_published_posts_and_comments_are_found(two_zones):
    ann, bob, cor = two_zones
    post = ann.post(
        "zones/winkels/posts",
        {
            "title": "Zelfscan-pilot",
            "body": "Klanten scannen zelf hun boodschappen",
            "status": "published",
            "tags": "kassa",
        },
    ).json
    bob.post(f"posts/{post['id']}/comments", {"body": "Werkt ook voor retouren?"})
    assert ("post", "Zelfscan-pilot") in found(cor, "boodschappen")
    assert found(cor, "retouren") == [("comment", "Zelfscan-pilot")]


def test_drafts_private_zones_and_hidden_comments_stay_out(two_zones):
    ann, bob, cor = two_zones
    ann.post("zones/winkels/posts", {"title": "Concept", "body": "Onaffe gedachte over prijzen"})
    assert found(cor, "prijzen") == [] and found(ann, "prijzen") == []
    secret = ann.post(
        "zones/kassa/posts",
        {"title": "Leverancier", "body": "Leverancier Kassa BV gekozen", "status": "published"},
    ).json
    assert found(bob, "leverancier") == [("post", "Leverancier")]
    assert found(cor, "leverancier") == []
    comment = bob.post(f"posts/{secret['id']}/comments", {"body": "Spam spam spam"}).json
    assert found(bob, "spam") == [("comment", "Leverancier")]
    ann.patch(f"comments/{comment['id']}", {"hidden": True})
    assert found(bob, "spam") == []


def test_unpublishing_or_deleting_removes_from_search(two_zones):
    ann, _bob, cor = two_zones
    post = ann.post(
        "zones/winkels/posts",
        {
            "title": "Tijdelijk",
            "body": "Nieuwe robots in het magazijn van Tilburg",
            "status": "published",
        },
    ).json
    cor.post(f"posts/{post['id']}/comments", {"body": "Robots in het magazijn, mooi"})
    assert len(found(cor, "magazijn")) == 2
    ann.patch(f"posts/{post['id']}", {"status": "draft"})
    assert found(cor, "magazijn") == []
    ann.patch(f"posts/{post['id']}", {"status": "published"})
    assert len(found(cor, "magazijn")) == 2
    ann.delete(f"posts/{post['id']}")
    response = cor.get("search?q=magazijn").json
    assert response == {"total": 0, "total_exact": True, "results": [], "next": None}
