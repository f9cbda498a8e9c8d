"""The pickers' lookups on SQLite and PostgreSQL: people by username or display name (active
ones, with department), and content by title, only what the caller may read."""

from __future__ import annotations


def test_people_by_username_or_display_name(api_as, app, make_user):
    make_user("ilse", display_name="Ilse de Winkel", department="Winkels")
    make_user("iwan", display_name="Iwan Kok", department="IT")
    client = api_as("ann")
    found = client.get("lookup/people?q=winkel").json["people"]
    assert found == [
        {"username": "ilse", "display_name": "Ilse de Winkel", "department": "Winkels"}
    ]
    assert [p["username"] for p in client.get("lookup/people?q=I").json["people"]][:2] == [
        "ilse",
        "iwan",
    ]
    assert client.get("lookup/people?q=").json["people"] == []
    assert client.get("lookup/people?q=%25").json["people"] == []  # LIKE wildcards are literal
    assert api_as("root", admin=True).post("lookup/people", {}).status_code == 405
    from innovationzone.accounts.services import set_active

    with app.app_context():
        from sqlalchemy import select

        from innovationzone.accounts.models import User
        from innovationzone.extensions import db

        root = db.session.scalar(select(User).where(User.username == "root"))
        set_active(root, "iwan", False)
    assert [p["username"] for p in client.get("lookup/people?q=iwan").json["people"]] == []


def test_content_only_from_readable_zones(two_zones):
    ann, bob, cor = two_zones
    for zone in ("winkels", "kassa"):
        ann.put(
            f"zones/{zone}/pages/Kassa_{zone}",
            {"title": f"Kassa {zone}", "body": "x", "base_revision": None},
        )
    ann.post("zones/winkels/posts", {"title": "Kassa nieuws", "body": "x", "status": "published"})
    ann.post("zones/winkels/posts", {"title": "Kassa concept", "body": "x", "status": "draft"})
    ann.post("zones/kassa/rooms", {"slug": "kassa-team", "name": "Kassa team"})
    seen_by_bob = {
        (r["type"], r["title"]) for r in bob.get("lookup/content?q=kassa").json["results"]
    }
    assert seen_by_bob == {
        ("page", "Kassa winkels"),
        ("page", "Kassa kassa"),
        ("post", "Kassa nieuws"),
        ("room", "Kassa team"),
    }
    seen_by_cor = {
        (r["type"], r["title"]) for r in cor.get("lookup/content?q=kassa").json["results"]
    }
    assert seen_by_cor == {("page", "Kassa winkels"), ("post", "Kassa nieuws")}
    only_pages = cor.get("lookup/content?q=kassa&type=page").json["results"]
    assert [r["url"] for r in only_pages] == ["/z/winkels/wiki/Kassa_winkels"]
    assert cor.get("lookup/content?q=kassa&type=video").status_code == 400
    assert cor.get("lookup/content?q=" + "k" * 101).status_code == 400


def test_the_pickers_honour_limit_as_every_list(api_as, make_user):
    """A picker shows 10 unless asked; `limit` is 1-100 as on every list of the API (the
    contract), so a client asking for 20 gets them instead of a 400."""
    for n in range(12):
        make_user(f"lid{n:02}", display_name=f"Lid {n}")
    client = api_as("ann")
    assert client.post("zones", {"slug": "leden", "name": "Leden"}).status_code == 201
    for n in range(12):
        page = {"title": f"Lid pagina {n}", "body": "x", "base_revision": None}
        assert client.put(f"zones/leden/pages/Lid_{n}", page).status_code == 201
    for url, key in (("lookup/people?q=lid", "people"), ("lookup/content?q=lid", "results")):
        assert len(client.get(url).json[key]) == 10  # the default
        two = client.get(url + "&limit=2").json
        assert len(two[key]) == 2
        assert len(client.get(url + "&limit=11").json[key]) == 11
        assert len(client.get(url + "&limit=100").json[key]) == 12
        for bad in ("limit=0", "limit=101", "limit=x"):
            refused = client.get(f"{url}&{bad}")
            assert refused.status_code == 400 and refused.json["message"], (url, bad)
