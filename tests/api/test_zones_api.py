"""Zones and members through the JSON API: privacy of private zones, validation, duplicates."""


def _zone(api, slug="omni", visibility="public", **extra):
    return api.post(
        "zones", {"slug": slug, "name": slug.title(), "visibility": visibility, **extra}
    )


def test_creator_becomes_curator_and_sees_members(api_as):
    ann = api_as("ann", department="Marketing")
    created = _zone(ann, description="Webshop en winkel")
    assert created.status_code == 201
    assert created.json["members"] == [
        {"username": "ann", "display_name": "Ann", "department": "Marketing", "role": "curator"}
    ]
    shown = ann.get("zones/omni").json
    assert shown["description"] == "Webshop en winkel" and shown["visibility"] == "public"


def test_private_zone_is_invisible_to_outsiders(api_as):
    ann, bob = api_as("ann"), api_as("bob")
    _zone(ann, "secret", "private")
    _zone(ann, "open")
    assert [z["slug"] for z in bob.get("zones").json["zones"]] == ["open"]
    hidden = bob.get("zones/secret")
    assert hidden.status_code == 404 and hidden.json["error"] == "not_found"
    missing = bob.get("zones/never-was")
    assert missing.status_code == 404 and missing.json == hidden.json | {
        "message": missing.json["message"]
    }
    assert (
        bob.post("zones/secret/members", {"username": "bob", "role": "curator"}).status_code == 404
    )


def test_curator_adds_member_who_then_reads(api_as):
    ann, bob = api_as("ann"), api_as("bob")
    _zone(ann, "secret", "private")
    assert (
        ann.post("zones/secret/members", {"username": "bob", "role": "member"}).status_code == 201
    )
    assert bob.get("zones/secret").status_code == 200
    # a member may not manage members
    api_as("carol")
    assert bob.post("zones/secret/members", {"username": "carol"}).status_code == 403


def test_admin_sees_and_manages_private_zones(api_as):
    ann, root = api_as("ann"), api_as("root", admin=True)
    _zone(ann, "secret", "private")
    assert root.get("zones/secret").status_code == 200
    assert (
        root.post("zones/secret/members", {"username": "root", "role": "curator"}).status_code
        == 201
    )


def test_validation_and_duplicates(api_as):
    ann = api_as("ann")
    assert _zone(ann).status_code == 201
    duplicate = _zone(ann)
    assert duplicate.status_code == 409 and duplicate.json["error"] == "duplicate"
    for bad in ("Bad Slug", "-dash", "a" * 51, "ünï", ""):
        response = ann.post("zones", {"slug": bad, "name": "X"})
        assert response.status_code == 400, bad
        assert response.json["message"]
    assert ann.post("zones", {"slug": "ok"}).json["field"] == "name"
    assert (
        ann.post("zones", {"slug": "ok2", "name": "X", "visibility": "secret"}).status_code == 400
    )
    assert ann.post("zones", {"slug": 12, "name": "X"}).status_code == 400
    assert ann.post("zones/omni/members", {"username": "nobody"}).status_code == 404
    assert ann.post("zones/omni/members", {"username": "ann", "role": "king"}).status_code == 400


def test_last_curator_cannot_leave(api_as):
    ann = api_as("ann")
    _zone(ann)
    response = ann.delete("zones/omni/members/ann")
    assert response.status_code == 400


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_added_member_is_notified(api_as):
    ann, bob = api_as("ann"), api_as("bob")
    _zone(ann, "secret", "private")
    ann.post("zones/secret/members", {"username": "bob"})
    notifications = bob.get("notifications").json
    assert notifications["unread"] == 1
    item = notifications["notifications"][0]
    assert (item["kind"], item["actor"], item["zone"], item["url"]) == (
        "zone_added",
        "ann",
        "secret",
        "/z/secret",
    )
    assert bob.post("notifications/read", {}).json == {"marked": 1, "unread": 0}
    assert ann.get("notifications").json["unread"] == 0  # the actor is not told about their own act
