"""Wiki navigation at the size of a real zone: a page shows its branch of the tree (never the
whole zone), every page stays reachable from it, and a view costs the same number of SQL queries
in a zone of 10 pages as in one of 2,000."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

from sqlalchemy import select

from innovationzone.extensions import db
from innovationzone.wiki.models import Node, Page
from tests.support.statements import recorded
from tests.support.wiki_bulk import bulk_pages, bulk_revisions

DEEP = "Dept_0/Topic_00/Leaf_00/Sub/Deeper/Deepest"
LINK_RE = re.compile(r'href="(/z/[^"]+)"')


def big_zone_paths() -> list[str]:
    """2,000+ pages: four folders without a page of their own, 40 topic pages in each (more than
    the navigation shows at once), a dozen leaves under each topic, one topic with 60 (more than
    one listing page) and a chain six levels deep."""
    paths = []
    for dept in range(4):
        for topic in range(40):
            paths.append(f"Dept_{dept}/Topic_{topic:02}")
            leaves = 60 if dept == topic == 0 else 12
            paths += [f"Dept_{dept}/Topic_{topic:02}/Leaf_{leaf:02}" for leaf in range(leaves)]
    paths += ["Dept_0/Topic_00/Leaf_00/Sub", "Dept_0/Topic_00/Leaf_00/Sub/Deeper", DEEP]
    return paths


def small_zone_paths() -> list[str]:
    return ["Dept_0/Topic_00", "Dept_0/Topic_00/Leaf_00", "Dept_0/Topic_00/Leaf_00/Sub"] + [
        "Dept_0/Topic_00/Leaf_00/Sub/Deeper",
        DEEP,
        "Dept_1/Topic_00",
        "Dept_1/Topic_01",
        "Dept_0/Topic_01",
        "Dept_0/Topic_00/Leaf_01",
        "Dept_0/Topic_00/Leaf_00/Sub/Deeper/Other",
    ]


def make_zone(app, api, slug: str, paths: list[str]) -> None:
    assert api.post("zones", {"slug": slug, "name": slug.title()}).status_code == 201
    with app.app_context():
        bulk_pages(slug, paths)


def nav_of(html: str) -> str:
    return html.split('class="wiki-sidebar"', 1)[1].split("</aside>", 1)[0]


def page_paths_linked(html: str, zone: str) -> set[str]:
    prefix = f"/z/{zone}/wiki/"
    found = set()
    for href in LINK_RE.findall(html):
        href = unescape(href)
        if href.startswith(prefix) and not href[len(prefix) :].startswith("_"):
            found.add(unquote(href[len(prefix) :]))
    return found


def count_queries(app, call) -> int:  # noqa: ANN001
    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        response = call()
    assert response.status_code == 200
    return len(seen)


def test_a_deep_page_shows_its_branch_and_every_page_is_reachable(app, api_as):
    api = api_as("ann")
    paths = big_zone_paths()
    make_zone(app, api, "big", paths)

    html = api.get(f"/z/big/wiki/{DEEP}").get_data(as_text=True)
    nav = nav_of(html)
    shown = page_paths_linked(nav, "big")
    ancestors = ["Dept_0/Topic_00", "Dept_0/Topic_00/Leaf_00", "Dept_0/Topic_00/Leaf_00/Sub"]
    assert set(ancestors + ["Dept_0/Topic_00/Leaf_00/Sub/Deeper", DEEP]) <= shown
    assert {"Dept_0/Topic_00/Leaf_01", "Dept_0/Topic_01"} <= shown  # siblings on the way
    assert 'aria-current="page">Deepest<' in nav
    assert len(shown) < 150  # a branch, not the zone
    assert len(html) < 60_000

    # Following only what the navigation offers (arrows, "more…", listing pages and their
    # "next" links) reaches every page of the zone.
    seen_pages, queue, visited = set(shown), [], set()
    queue += [unescape(h) for h in LINK_RE.findall(nav) if "/_pages" in h]
    while queue:
        url = queue.pop()
        if url in visited:
            continue
        visited.add(url)
        response = api.get(url)
        assert response.status_code == 200, url
        main = response.get_data(as_text=True).split('class="wiki-main"', 1)[1]
        seen_pages |= page_paths_linked(main, "big")
        queue += [unescape(h) for h in LINK_RE.findall(main) if "/_pages" in h]
    assert set(paths) <= seen_pages


def test_a_page_view_costs_the_same_queries_in_a_small_and_a_large_zone(app, api_as):
    api = api_as("ann")
    make_zone(app, api, "small", small_zone_paths())
    make_zone(app, api, "big", big_zone_paths())
    for url in (f"/z/{{}}/wiki/{DEEP}", "/z/{}/wiki/Dept_0/Topic_00", "/z/{}/wiki"):
        api.get(url.format("small")), api.get(url.format("big"))  # first views fill caches
        small = count_queries(app, lambda u=url: api.get(u.format("small")))
        big = count_queries(app, lambda u=url: api.get(u.format("big")))
        assert small == big, url
        assert small <= 25, url


def test_history_folder_and_diff_pages_cost_the_same_queries_however_large(app, api_as):
    """A page of 3 revisions in a zone of 10 pages against one of 120 revisions (more than a
    page of history) by several authors in a zone of 2,000: each view's SQL is the same."""
    api = api_as("ann")
    authors = [api_as(name) and name for name in ("bob", "cor", "dirk")]
    make_zone(app, api, "small", small_zone_paths())
    make_zone(app, api, "big", big_zone_paths())
    with app.app_context():
        from innovationzone.accounts.models import User

        ids = list(db.session.scalars(select(User.id).where(User.username.in_(authors))))
        bulk_revisions("small", DEEP, 2, ids)
        bulk_revisions("big", DEEP, 119, ids)
    urls = [
        f"/z/{{}}/wiki/{DEEP}/history",
        f"/z/{{}}/wiki/{DEEP}/diff",
        f"/z/{{}}/wiki/{DEEP}/diff?from=1&to=3",
        f"/z/{{}}/wiki/{DEEP}/revisions/2",
        f"/z/{{}}/wiki/{DEEP}/backlinks",
        "/z/{}/wiki/_pages?parent=Dept_0/Topic_00",
        "/z/{}/wiki/_pages",
        "/z/{}/wiki/_changes",
    ]
    for url in urls:
        api.get(url.format("small")), api.get(url.format("big"))  # first views fill caches
        small = count_queries(app, lambda u=url: api.get(u.format("small")))
        big = count_queries(app, lambda u=url: api.get(u.format("big")))
        assert small == big, (url, small, big)
        assert small <= 25, url
    history = api.get(f"/z/big/wiki/{DEEP}/history").get_data(as_text=True)
    assert history.count('name="to"') == 50 and 'rel="next"' in history


def test_a_much_linked_page_shows_a_bounded_what_links_here_and_links_to_them_all(app, api_as):
    """A glossary linked from 120 pages: its view lists 50 of them (BACKLINKS_SHOWN) and links to
    the backlinks page, which pages through all 120."""
    from innovationzone.wiki.models import Backlink

    api = api_as("ann")
    sources = [f"Uitleg_{n:03}" for n in range(120)]
    make_zone(app, api, "big", ["Woordenlijst", *sources])
    with app.app_context():
        ids = db.session.scalars(select(Page.id).where(Page.path.in_(sources)))
        db.session.add_all(
            Backlink(source_id=id_, target_zone="big", target_path="Woordenlijst") for id_ in ids
        )
        db.session.commit()
    html = api.get("/z/big/wiki/Woordenlijst").get_data(as_text=True)
    shown = html.split('id="backlinks"', 1)[1].split("</ul>", 1)[0]
    assert page_paths_linked(shown, "big") == set(sources[:50])
    more = re.search(r'href="(/z/big/wiki/Woordenlijst/backlinks)"', html)
    url, seen = unescape(more.group(1)) + "?limit=100", []
    while url:
        listing = api.get(url).get_data(as_text=True).split("<h1>", 1)[1]
        seen += sorted(page_paths_linked(listing.split("</ul>", 1)[0], "big"))
        next_link = re.search(r'rel="next" href="([^"]+)"', listing)
        url = unescape(next_link.group(1)) if next_link else None
    assert seen == sources


def expected_nodes(zone_id: int) -> set[tuple[str, str | None]]:
    """What the tree must hold: every live page with its title, and every folder above one."""
    nodes: dict[str, str | None] = {}
    live = select(Page.path, Page.title).where(Page.zone_id == zone_id, Page.deleted_at.is_(None))
    for path, title in db.session.execute(live):
        nodes[path] = title
        parts = path.split("/")
        for depth in range(1, len(parts)):
            nodes.setdefault("/".join(parts[:depth]), None)
    return set(nodes.items())


def test_the_tree_follows_every_kind_of_write(app, api_as):
    api = api_as("ann")
    assert api.post("zones", {"slug": "team", "name": "Team"}).status_code == 201

    def check():
        with app.app_context():
            zone_id = db.session.scalar(select(Page.zone_id).limit(1))
            actual = {
                (n.path, n.title) for n in db.session.scalars(select(Node)) if n.zone_id == zone_id
            }
            assert actual == expected_nodes(zone_id)
            return actual

    def put(path: str, title: str, base: int | None = None) -> None:
        body = {"title": title, "body": "Tekst", "base_revision": base}
        assert api.put(f"zones/team/pages/{path}", body).status_code in (200, 201)

    put("A/B/C", "Cee")
    assert ("A", None) in check()
    put("A", "Aa")
    put("A/D", "Dee")
    put("A/D", "Dee twee", base=1)
    assert ("A/D", "Dee twee") in check()
    assert api.delete("zones/team/pages/A/B/C").status_code in (200, 204)
    assert not {p for p, _ in check()} & {"A/B", "A/B/C"}
    assert api.post("zones/team/pages/A/D/rename", {"path": "E/F"}).status_code == 200
    nodes = check()
    assert ("E", None) in nodes and ("E/F", "Dee twee") in nodes
    assert "A/D" not in {p for p, _ in nodes}
    assert api.post("zones/team/pages/A/B/C/restore").status_code == 200
    assert ("A/B", None) in check()


def test_the_tree_api_pages_a_folder_with_cursors(app, api_as):
    api = api_as("ann")
    make_zone(app, api, "big", big_zone_paths())
    walked, cursor = [], None
    while True:
        query = "zones/big/tree?parent=Dept_0/Topic_00&limit=7" + (
            f"&cursor={cursor}" if cursor else ""
        )
        body = api.get(query).get_json()
        assert len(body["nodes"]) <= 7
        walked += [node["path"] for node in body["nodes"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert walked == sorted(walked) and len(walked) == len(set(walked)) == 60
    top = api.get("zones/big/tree").get_json()
    assert [n["path"] for n in top["nodes"]] == [f"Dept_{d}" for d in range(4)]
    assert all(n["has_children"] and not n["is_page"] for n in top["nodes"])
    for bad in ("limit=0", "limit=101", "limit=x", "cursor=nonsense"):
        response = api.get(f"zones/big/tree?{bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["error"]
    assert api.get("/z/big/wiki/_pages?cursor=nonsense").status_code == 400


def test_what_links_here_never_says_nothing_links_when_its_first_links_are_unreadable(app, api_as):
    """The page keeps the first BACKLINKS_SHOWN linking pages for every reader and shows each
    only those they may read. When 50 pages of a private zone come first by title, a reader
    outside that zone must not be told that no page links here: one they may read does (the
    backlinks page lists it)."""
    from innovationzone.wiki.models import Backlink

    ann, bob = api_as("ann"), api_as("bob")
    assert ann.post("zones", {"slug": "pub", "name": "Pub"}).status_code == 201
    made = ann.post("zones", {"slug": "geheim", "name": "Geheim", "visibility": "private"})
    assert made.status_code == 201
    secret = [f"A_{n:02}" for n in range(50)]
    with app.app_context():
        bulk_pages("pub", ["Woordenlijst", "Zoeken"])
        bulk_pages("geheim", secret)
        ids = db.session.scalars(select(Page.id).where(Page.path.in_([*secret, "Zoeken"])))
        db.session.add_all(
            Backlink(source_id=id_, target_zone="pub", target_path="Woordenlijst") for id_ in ids
        )
        db.session.commit()
    html = bob.get("/z/pub/wiki/Woordenlijst").get_data(as_text=True)
    shown = html.split('id="backlinks"', 1)[1].split("</ul>", 1)[0]
    assert "No page links here yet." not in shown
    assert not page_paths_linked(shown, "geheim")
    listing = bob.get("/z/pub/wiki/Woordenlijst/backlinks").get_data(as_text=True)
    assert page_paths_linked(listing.split("<h1>", 1)[1], "pub") >= {"Zoeken"}
