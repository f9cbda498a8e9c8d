"""Curated topics through the JSON API, on SQLite and PostgreSQL: a required owner, who may
curate, privacy of items, pinned ordering and validation."""

from __future__ import annotations

import pytest


@pytest.fixture
def lead(api_as):
    """An e-competence lead: curator of the public 'winkels' zone and the private 'geheim' zone."""
    client = api_as("lea", department="IT")
    for slug, visibility in (("winkels", "public"), ("geheim", "private")):
        assert (
            client.post(
                "zones", {"slug": slug, "name": slug.title(), "visibility": visibility}
            ).status_code
            == 201
        )
    return client


def _topic(client, slug="kassa", owner="lea", **extra):
    return client.post("topics", {"slug": slug, "title": "Kassa", "owner": owner, **extra})


def _page(client, zone, path):
    assert (
        client.put(
            f"zones/{zone}/pages/{path}", {"title": path, "body": "x", "base_revision": None}
        ).status_code
        == 201
    )
    return client.get(f"zones/{zone}/pages/{path}").json["id"]


def test_owner_is_required_and_must_exist(lead):
    missing = lead.post("topics", {"slug": "kassa", "title": "Kassa"})
    assert missing.status_code == 400 and missing.json["field"] == "owner"
    unknown = _topic(lead, owner="nobody")
    assert unknown.status_code == 400 and unknown.json["field"] == "owner"
    created = _topic(lead, description="Alles over de kassa")
    assert created.status_code == 201 and created.json["owner"] == "lea"
    assert lead.get("topics").json["topics"][0]["description"] == "Alles over de kassa"


def test_only_curators_and_admins_create_and_add(lead, api_as):
    bob, root = api_as("bob"), api_as("root", admin=True)
    assert _topic(bob).status_code == 403
    assert _topic(root, "retour", owner="bob").status_code == 201
    assert _topic(lead).status_code == 201
    page = _page(lead, "winkels", "Kassa")
    assert bob.post("topics/kassa/items", {"type": "page", "id": page}).status_code == 403
    assert root.post("topics/kassa/items", {"type": "page", "id": page}).status_code == 201
    assert bob.get("topics/kassa").json["items"][0]["url"] == "/z/winkels/wiki/Kassa"


def test_private_items_never_show_to_outsiders(lead, api_as):
    bob = api_as("bob")
    _topic(lead)
    open_page, secret_page = _page(lead, "winkels", "Open"), _page(lead, "geheim", "Plan")
    room = lead.post("zones/geheim/rooms", {"slug": "team", "name": "Team"}).json["id"]
    for kind, ident in (("page", open_page), ("page", secret_page), ("room", room)):
        assert lead.post("topics/kassa/items", {"type": kind, "id": ident}).status_code == 201
    assert [i["title"] for i in bob.get("topics/kassa").json["items"]] == ["Open"]
    assert len(lead.get("topics/kassa").json["items"]) == 3
    # a curator of another zone may not add what they cannot read: 404, like a missing object
    carol = api_as("carol")
    carol.post("zones", {"slug": "marketing", "name": "Marketing"})
    assert carol.post("topics/kassa/items", {"type": "page", "id": secret_page}).status_code == 404
    assert carol.post("topics/kassa/items", {"type": "page", "id": 99999}).status_code == 404


def test_pinned_first_and_pin_unpin_remove(lead):
    _topic(lead)
    first, second = _page(lead, "winkels", "Een"), _page(lead, "winkels", "Twee")
    post = lead.post(
        "zones/winkels/posts", {"title": "Nieuws", "body": "x", "status": "published"}
    ).json["id"]
    lead.post("topics/kassa/items", {"type": "page", "id": first, "pinned": True})
    lead.post("topics/kassa/items", {"type": "page", "id": second})
    lead.post("topics/kassa/items", {"type": "post", "id": post})
    items = lead.get("topics/kassa").json["items"]
    assert [(i["title"], i["pinned"]) for i in items] == [
        ("Een", True),
        ("Nieuws", False),
        ("Twee", False),
    ]
    assert lead.patch(f"topics/kassa/items/post/{post}", {"pinned": True}).json["pinned"] is True
    assert lead.delete(f"topics/kassa/items/page/{first}").status_code == 204
    assert [i["title"] for i in lead.get("topics/kassa").json["items"]] == ["Nieuws", "Twee"]
    assert lead.delete(f"topics/kassa/items/page/{first}").status_code == 404


def test_validation_errors_are_400_or_409(lead, api_as):
    assert _topic(lead).status_code == 201
    duplicate = _topic(lead)
    assert duplicate.status_code == 409 and duplicate.json["error"] == "duplicate"
    for bad in ("Bad Slug", "-dash", "a" * 51, ""):
        assert _topic(lead, bad).status_code == 400, bad
    assert lead.post("topics", {"slug": "x", "owner": "lea"}).json["field"] == "title"
    page = _page(lead, "winkels", "Kassa")
    assert lead.post("topics/kassa/items", {"type": "video", "id": page}).status_code == 400
    assert lead.post("topics/kassa/items", {"type": "page", "id": "abc"}).status_code == 400
    assert (
        lead.post("topics/kassa/items", {"type": "page", "id": page, "pinned": "yes"}).status_code
        == 400
    )
    assert lead.post("topics/kassa/items", {"type": "page", "id": page}).status_code == 201
    assert lead.post("topics/kassa/items", {"type": "page", "id": page}).status_code == 409
    assert lead.patch(f"topics/kassa/items/page/{page}", {}).status_code == 400
    assert lead.post("topics/nope/items", {"type": "page", "id": page}).status_code == 404
    assert lead.get("topics/nope").status_code == 404


def test_drafts_and_direct_rooms_cannot_be_added(lead, api_as):
    api_as("bob")
    _topic(lead)
    draft = lead.post(
        "zones/winkels/posts", {"title": "Concept", "body": "x", "status": "draft"}
    ).json["id"]
    assert lead.post("topics/kassa/items", {"type": "post", "id": draft}).status_code == 404
    direct = lead.post("rooms/direct", {"usernames": ["bob"]}).json["id"]
    assert lead.post("topics/kassa/items", {"type": "room", "id": direct}).status_code == 404
