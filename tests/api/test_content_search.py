"""Search across wiki pages and chat messages, and wiki links resolved in blog posts."""

from __future__ import annotations


def found(client, query: str, **params) -> list[tuple[str, str]]:
    response = client.get("search", query_string={"q": query, **params})
    assert response.status_code == 200, response.json
    return [(hit["type"], hit["url"]) for hit in response.json["results"]]


def test_wiki_pages_are_found_and_follow_renames_and_deletes(two_zones):
    ann, _bob, cor = two_zones
    ann.put(
        "zones/winkels/pages/Retourproces",
        {"title": "Retourproces", "body": "Klanten brengen pakketten terug", "base_revision": None},
    )
    assert found(cor, "pakketten") == [("page", "/z/winkels/wiki/Retourproces")]
    ann.put(
        "zones/kassa/pages/Leverancier",
        {
            "title": "Leverancier",
            "body": "Contract met pakketten-leverancier",
            "base_revision": None,
        },
    )
    assert found(cor, "contract") == []
    assert found(ann, "contract") == [("page", "/z/kassa/wiki/Leverancier")]
    ann.put(
        "zones/winkels/pages/Retourproces",
        {"title": "Retourproces", "body": "Alleen nog retourlabels", "base_revision": 1},
    )
    assert found(cor, "pakketten") == []
    assert found(cor, "retourlabels") == [("page", "/z/winkels/wiki/Retourproces")]


def test_chat_messages_are_found_by_readers_only(app, two_zones):
    ann, bob, cor = two_zones
    room = ann.post("zones/kassa/rooms", {"slug": "algemeen", "name": "Algemeen"}).json
    direct = bob.post("rooms/direct", {"usernames": ["cor"]}).json
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.chat.services import send_message

        send_message(get_user("ann"), room["id"], "De nieuwe scanners komen dinsdag", "m1")
        send_message(get_user("bob"), direct["id"], "Zullen we de scanners testen?", "m2")
    assert {hit[1].split("#")[0] for hit in found(bob, "scanners")} == {
        f"/chat/{room['id']}",
        f"/chat/{direct['id']}",
    }
    assert [hit[1].split("#")[0] for hit in found(cor, "scanners")] == [f"/chat/{direct['id']}"]
    assert found(ann, "testen") == []  # someone else's direct messages, even for the curator
    assert found(bob, "scanners", type="message", zone="kassa")[0][1].startswith(
        f"/chat/{room['id']}"
    )


def test_blog_posts_link_existing_wiki_pages(two_zones):
    ann, _bob, cor = two_zones
    ann.put(
        "zones/winkels/pages/Kassa_handleiding",
        {"title": "Kassa handleiding", "body": "Stap 1", "base_revision": None},
    )
    post = ann.post(
        "zones/winkels/posts",
        {
            "title": "Tip",
            "body": "Zie [[Kassa handleiding]] en [[Nog niet]]",
            "status": "published",
        },
    ).json
    html = cor.get(f"posts/{post['id']}").json["html"]
    assert 'class="wikilink" href="/z/winkels/wiki/Kassa_handleiding"' in html
    assert 'class="wikilink missing" href="/z/winkels/wiki/Nog_niet/edit"' in html
