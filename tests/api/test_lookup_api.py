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


def test_zones_by_name_or_short_name_only_readable_ones(two_zones):
    ann, bob, cor = two_zones
    assert [z["slug"] for z in bob.get("lookup/zones?q=k").json["zones"]] == ["kassa", "winkels"]
    assert [z["slug"] for z in cor.get("lookup/zones?q=k").json["zones"]] == ["winkels"]
    assert cor.get("lookup/zones?q=kassa").json == {"zones": [], "next": None}
    assert ann.get("lookup/zones?q=").json == {"zones": [], "next": None}


def test_the_pickers_page_on_past_the_first_page(two_zones):
    """`next` is a real cursor: walking one result a page reaches every match once, content
    going on from one kind to the next, and never anything private."""
    from tests.support.paging import walk

    ann, _bob, cor = two_zones
    for zone in ("winkels", "kassa"):
        for n in range(2):
            page = {"title": f"Kassa {zone} {n}", "body": "x", "base_revision": None}
            assert ann.put(f"zones/{zone}/pages/K_{zone}_{n}", page).status_code == 201
        assert (
            ann.post(f"zones/{zone}/rooms", {"slug": f"k-{zone}", "name": "Kassa"}).status_code
            == 201
        )
    post = {"title": "Kassa nieuws", "body": "x", "status": "published"}
    assert ann.post("zones/winkels/posts", post).status_code == 201
    found = walk(cor, "lookup/content?q=kassa", "results", 1)
    assert [(r["type"], r["title"]) for r in found] == [
        ("page", "Kassa winkels 1"),
        ("page", "Kassa winkels 0"),
        ("post", "Kassa nieuws"),
        ("room", "Kassa"),
    ]
    assert walk(ann, "lookup/content?q=kassa", "results", 2) == walk(
        ann, "lookup/content?q=kassa", "results", 100
    )
    assert len(walk(ann, "lookup/content?q=kassa&type=page", "results", 1)) == 4
    rooms_cursor = cor.get("lookup/content?q=kassa&limit=3").json["next"]
    assert cor.get(f"lookup/content?q=kassa&type=page&cursor={rooms_cursor}").status_code == 400
    for n in range(3):
        ann.post("zones", {"slug": f"kassa{n}", "name": f"Kassa {n}"})
    assert [z["slug"] for z in walk(cor, "lookup/zones?q=kassa", "zones", 1)] == [
        "kassa0",
        "kassa1",
        "kassa2",
    ]
