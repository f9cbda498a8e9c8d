"""Every list of the API pages with `limit` (1-100, default 50) and an opaque `cursor` answered as
`next`: walking a list two at a time yields every item once, in the same order as one big page,
and a bad limit or cursor is a 400 with the contract's error body."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest

from tests.support.paging import crawl, walk

FIVE = range(5)
KEYS = {
    "zones": "zones",
    "zones/team/members": "members",
    "zones/team/pages": "pages",
    "zones/team/pages/Plan/revisions": "revisions",
    "zones/team/rooms": "rooms",
    "zones/team/posts": "posts",
    "topics": "topics",
    "notifications": "notifications",
    "search?q=kassa": "results",
    "zones/team/pages/Plan/backlinks": "backlinks",
    "rooms/direct": "rooms",
    "questions": "questions",
    "reviews": "reviews",
    "feed": "items",
    "topics/thema0/items": "items",
    "lookup/people?q=member": "people",
    "lookup/zones?q=zone": "zones",
    "lookup/content?q=a": "results",  # pages, then rooms: the cursor goes on across kinds
}
# Chat history pages back from the latest messages, so its pages come newest page first;
# `after=0` walks forward in the order of one big page.
EARLIER_FIRST = {"messages"}


@pytest.fixture
def lists(app, api_as):
    """ann curates 'team' (and four more zones) with five of everything; bob comments five
    times on ann's post, which notifies her; she has read two of those already."""
    ann, bob = api_as("ann", admin=True), api_as("bob")
    members = []
    assert ann.post("zones", {"slug": "team", "name": "Team"}).status_code == 201
    for n in FIVE:
        ann.post("zones", {"slug": f"zone{n}", "name": f"Zone {n}"})
        members.append(api_as(f"member{n}"))
        assert ann.post("zones/team/members", {"username": f"member{n}"}).status_code == 201
        page = {"title": f"Pagina {n}", "body": f"De kassa {n}, [[Plan]]", "base_revision": None}
        assert ann.put(f"zones/team/pages/Pagina_{n}", page).status_code == 201
        review = {"interval_days": 30 + n, "owner": "ann"}
        assert ann.put(f"zones/team/pages/Pagina_{n}/review", review).status_code == 200
        question = {"zone": "team", "title": f"Vraag {n}?", "body": "Wie weet het?"}
        assert ann.post("questions", question).status_code == 201
        assert ann.post("rooms/direct", {"usernames": [f"member{n}"]}).status_code == 201
        plan = {"title": "Plan", "body": f"Versie {n}", "base_revision": n or None}
        assert ann.put("zones/team/pages/Plan", plan).status_code in (200, 201)
        assert (
            ann.post("zones/team/rooms", {"slug": f"kamer{n}", "name": f"Kamer {n}"}).status_code
            == 201
        )
        post = {"title": f"Bericht {n}", "body": "Tekst", "status": "published"}
        assert ann.post("zones/team/posts", post).status_code == 201
        topic = {"slug": f"thema{n}", "title": f"Thema {n}", "owner": "ann"}
        assert ann.post("topics", topic).status_code == 201
    post_id = ann.get("zones/team/posts?limit=1").get_json()["posts"][0]["id"]
    question_id = ann.get("questions?limit=1").get_json()["questions"][0]["id"]
    for n in FIVE:
        assert bob.post(f"posts/{post_id}/comments", {"body": f"Reactie {n}"}).status_code == 201
        answer = {"body": f"Antwoord {n}"}
        assert bob.post(f"questions/{question_id}/answers", answer).status_code == 201
    comment_id = ann.get(f"posts/{post_id}/comments?limit=1").get_json()["comments"][0]["id"]
    for n, member in enumerate(members):
        for kind, target in (("posts", post_id), ("comments", comment_id)):
            name = ("heart", "thumbs_up")[n % 2]
            assert member.put(f"{kind}/{target}/reactions/{name}", {}).status_code == 200
    assert ann.put(f"posts/{post_id}/reactions/tada", {}).status_code == 200
    unread = ann.get("notifications").get_json()["notifications"]
    assert len(unread) >= 5
    ann.post("notifications/read", {"ids": [unread[1]["id"], unread[3]["id"]]})
    for page in ann.get("zones/team/pages").get_json()["pages"]:
        page_id = ann.get(f"zones/team/pages/{page['path']}").get_json()["id"]
        item = {"type": "page", "id": page_id, "pinned": page["path"] in ("Pagina_1", "Plan")}
        assert ann.post("topics/thema0/items", item).status_code == 201
    room_id = ann.get("zones/team/rooms?limit=1").get_json()["rooms"][0]["id"]
    send_messages(app, "ann", room_id, [f"Bericht {n}" for n in FIVE])
    return ann, {
        **KEYS,
        f"posts/{post_id}/comments": "comments",
        f"questions/{question_id}/answers": "answers",
        f"rooms/{room_id}/messages": "messages",
        f"rooms/{room_id}/messages?after=0": "messages",
    }


def send_messages(app, username: str, room_id: int, bodies: list[str]) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    with app.app_context():
        app.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
        user = db.session.scalar(select(User).where(User.username == username))
        for body in bodies:
            send_message(user, room_id, body, f"{username}-{body}")


def test_every_list_walks_in_small_pages_without_repeats_or_gaps(lists):
    api, urls = lists
    for url, key in urls.items():
        whole = walk(api, url, key, 100)
        assert len(whole) >= 5, url
        paged = walk(api, url, key, 2)
        if url.endswith(tuple(EARLIER_FIRST)):
            assert sorted(paged, key=lambda item: item["id"]) == whole, url
        else:
            assert paged == whole, url
        first = api.get(url + ("&" if "?" in url else "?") + "limit=1").get_json()
        assert len(first[key]) == 1 and first["next"], url
    items = walk(api, "topics/thema0/items", "items", 2)  # pinned first, then newest first
    assert [item["pinned"] for item in items] == [True, True, False, False, False, False]


def test_bad_limits_and_cursors_are_400s(lists):
    api, urls = lists
    for url in urls:
        joiner = "&" if "?" in url else "?"
        for bad in ("limit=0", "limit=101", "limit=ten", "cursor=bm9wZQ", "cursor=%25%25"):
            response = api.get(f"{url}{joiner}{bad}")
            assert response.status_code == 400, (url, bad)
            body = response.get_json()
            assert body["error"] and body["message"], (url, bad)


def test_the_default_page_is_fifty(api_as, app):
    api = api_as("ann")
    assert api.post("zones", {"slug": "big", "name": "Big"}).status_code == 201
    from tests.support.wiki_bulk import bulk_pages

    with app.app_context():
        bulk_pages("big", [f"Pagina_{n:03}" for n in range(120)])
    first = api.get("zones/big/pages").get_json()
    assert len(first["pages"]) == 50 and first["next"]
    assert len(api.get("zones/big/pages?limit=1").get_json()["pages"]) == 1


def test_the_zone_page_pages_its_members_and_counts_departments_in_the_database(lists):
    api, _urls = lists
    members = after('class="plain members">')
    seen = crawl(api, "/z/team?limit=2", r"<li>([^<]+?) <small", members)
    assert sorted(seen) == sorted(["Ann"] + [f"Member{n}" for n in FIVE])
    assert 'IT <span class="muted">(6)</span>' in api.get("/z/team").get_data(as_text=True)


def test_the_topics_page_pages_its_topics(lists):
    api, _urls = lists
    url, seen = "/topics?limit=2", []
    while url:
        html = api.get(url).get_data(as_text=True)
        found = re.findall(r'<h2><a href="/topics/(thema\d)">', html)
        assert 0 < len(found) <= 2
        seen += found
        more = re.search(r'rel="next" href="([^"]+)"', html)
        url = unescape(more.group(1)) + "&limit=2" if more else None
    assert seen == [f"thema{n}" for n in FIVE]


def rooms_of(api, url: str) -> list[str]:  # noqa: ANN001
    return [str(room["id"]) for room in api.get(url).get_json()["rooms"]]


def test_the_chat_pages_page_their_rooms_and_conversations(lists, monkeypatch):
    api, _urls = lists
    team, direct = rooms_of(api, "zones/team/rooms"), rooms_of(api, "rooms/direct")
    room = r'data-room="(\d+)"'
    assert crawl(api, "/z/team/chat?limit=2", room) == team
    zones, people = (
        (lambda html: html.split("Direct messages")[0]),
        (lambda html: html.split("Direct messages")[1]),
    )
    assert crawl(api, "/chat?limit=2", room, zones) == team
    assert crawl(api, "/chat?limit=2", room, people) == direct

    monkeypatch.setattr("innovationzone.chat.views.SWITCHER", 2)
    switcher = api.get(f"/chat/{team[0]}").get_data(as_text=True)
    shown = re.findall(room, switcher.split('id="chat-rooms-drawer"')[1].split("</aside>")[0])
    assert shown == team[:2]
    more = unescape(re.search(r'rel="next" href="([^"]+)"', switcher).group(1))
    assert crawl(api, more + "&limit=2", room) == team[2:]


def after(marker: str):  # noqa: ANN201
    """The part of a page after `marker` (and before the footer): where one list is, away from
    the navigation's own links."""
    return lambda html: html.split(marker, 1)[1].split("</main>", 1)[0]


def between(start: str, end: str):  # noqa: ANN201
    return lambda html: html.split(start, 1)[1].split(end, 1)[0]


def ids_of(api, url: str, key: str, field: str = "id") -> list[str]:  # noqa: ANN001
    return [str(item[field]) for item in walk(api, url, key, 100)]


def test_every_list_page_pages_at_the_readers_limit_and_reaches_every_item(lists, api_as):
    api, urls = lists
    post_id = next(url for url in urls if url.endswith("/comments")).split("/")[1]
    question_id = next(url for url in urls if url.endswith("/answers")).split("/")[1]
    pages = {
        f"/questions/{question_id}": (
            r'id="answer-(\d+)"',
            None,
            ids_of(api, f"questions/{question_id}/answers", "answers"),
        ),
        "/z/team/blog": (r'id="post-(\d+)"', None, ids_of(api, "zones/team/posts", "posts")),
        "/u/ann": (r'id="post-(\d+)"', None, ids_of(api, "zones/team/posts", "posts")),
        f"/z/team/blog/{post_id}": (
            r'<li class="comment[^"]*" id="comment-(\d+)"',
            None,
            ids_of(api, f"posts/{post_id}/comments", "comments"),
        ),
        "/notifications": (
            r'id="notification-(\d+)"',
            None,
            ids_of(api, "notifications", "notifications"),
        ),
        "/questions": (
            r'href="/questions/(\d+)"',
            between('id="recent-questions"', "</section>"),
            ids_of(api, "questions", "questions"),
        ),
        "/reviews": (
            r'href="/z/team/wiki/(Pagina_\d)"',
            after('id="review-queue"'),
            [r["path"] for r in walk(api, "reviews", "reviews", 100)],
        ),
        "/z/team/wiki/Plan/backlinks": (
            r'href="/z/team/wiki/(Pagina_\d)"',
            after("<h1>"),
            [p["path"] for p in walk(api, "zones/team/pages/Plan/backlinks", "backlinks", 100)],
        ),
        "/z/team/wiki/Plan/history": (
            r">r(\d+)</a>",
            after("<h1>"),
            ids_of(api, "zones/team/pages/Plan/revisions", "revisions", "revision"),
        ),
        "/z/team/wiki/_changes": (r">r(\d+)</a>", after("<h1>"), None),
        "/zones": (r'<h2><a href="/z/([^"]+)">', after('id="zone-list"'), None),
        "/admin/zones": (r'href="/z/([^"]+)"', after('id="all-zones"'), None),
        "/admin/users": (r"<small>@([a-z0-9_]+)", after("<table"), None),
        "/admin/audit": (r'data-action="([^"]+)"', after("<table"), None),
        "/topics/thema0": (
            r'<a href="/z/team/wiki/([^"]+)"',
            between("</h1>", 'id="topic-questions"'),
            [
                item["url"].rsplit("/", 1)[1]
                for item in walk(api, "topics/thema0/items", "items", 9)
            ],
        ),
    }
    for url, (item, part, expected) in pages.items():
        seen = crawl(api, f"{url}?limit=2", item, part or (lambda html: html))
        if expected is not None:
            assert seen == expected, url
        assert len(seen) >= 5, url
        everything = re.findall(
            item, (part or (lambda html: html))(api.get(url).get_data(as_text=True))
        )
        if expected is None and len(everything) < 50:
            assert len(seen) == len(everything), url
    found = crawl(api, "/search?q=kassa&limit=2", r'<h2><a href="([^"]+)"', after("search-results"))
    assert found == [hit["url"] for hit in walk(api, "search?q=kassa", "results", 100)]
    people = crawl(api, "/admin/users?limit=2", r"<small>@([a-z0-9_]+)", after("<table"))
    assert people == sorted(people) and {"ann", "bob", "member4"} <= set(people)
    mine = between('id="my-questions"', "</section>")
    assert crawl(api, "/questions?limit=2", r'href="/questions/(\d+)"', mine) == ids_of(
        api, "questions?assignee=me&status=open", "questions"
    )


def test_the_deleted_pages_list_pages_for_curators(lists):
    api, _urls = lists
    for n in FIVE:
        page = {"title": f"Weg {n}", "body": "Tekst", "base_revision": None}
        assert api.put(f"zones/team/pages/Weg_{n}", page).status_code == 201
        assert api.delete(f"zones/team/pages/Weg_{n}").status_code == 204
    seen = crawl(api, "/z/team/wiki/_deleted?limit=2", r"<code>(Weg_\d)</code>")
    assert seen == [f"Weg_{n}" for n in FIVE]


def reactors(api, url: str, limit: int) -> list[tuple[str, str]]:  # noqa: ANN001
    """The (reaction, username) pairs met walking a who-reacted list `limit` people a page; every
    page names each reaction used with its whole count, so the summary never shrinks."""
    pairs: list[tuple[str, str]] = []
    cursor, counts = None, None
    for _ in range(100):
        page = api.get(f"{url}?limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, (url, page.get_json())
        body = page.get_json()
        shown = [(r["name"], user) for r in body["reactions"] for user in r["users"]]
        assert 0 < len(shown) <= limit, (url, body)
        assert all(len(r["users"]) == len(r["display_names"]) for r in body["reactions"])
        page_counts = {r["name"]: r["count"] for r in body["reactions"]}
        assert counts in (None, page_counts), url
        counts = page_counts
        pairs += shown
        cursor = body["next"]
        if cursor is None:
            assert sorted(counts.items()) == sorted(Counter(name for name, _ in pairs).items())
            return pairs
    raise AssertionError(f"{url} never ended")


def test_who_reacted_walks_in_small_pages_keeping_its_shape(lists):
    api, urls = lists
    post_id = next(url for url in urls if url.endswith("/comments")).split("/")[1]
    comment_id = api.get(f"posts/{post_id}/comments?limit=1").get_json()["comments"][0]["id"]
    for url, people in (
        (f"posts/{post_id}/reactions", 6),
        (f"comments/{comment_id}/reactions", 5),
    ):
        whole = reactors(api, url, 100)
        assert len(whole) == people == len(set(whole)), url
        assert sorted(reactors(api, url, 2)) == sorted(whole), url
        first = api.get(f"{url}?limit=1").get_json()
        assert first["next"] and [r["mine"] for r in first["reactions"]].count(True) == (
            1 if url.startswith("posts") else 0
        )
        for bad in ("limit=0", "limit=101", "limit=ten", "cursor=bm9wZQ", "cursor=%25%25"):
            response = api.get(f"{url}?{bad}")
            assert response.status_code == 400, (url, bad)
            assert response.get_json()["message"], (url, bad)


def zone_options(api, url: str) -> list[tuple[str, bool]]:  # noqa: ANN001
    """The search page's zone filter as (slug, selected) pairs, "" being "All zones"."""
    html = api.get(url).get_data(as_text=True)
    select = html.split('<select name="zone"', 1)[1].split("</select>", 1)[0]
    return [
        (slug, bool(selected))
        for slug, selected in re.findall(r'<option value="([^"]*)"( selected)?', select)
    ]


def test_the_search_zone_filter_offers_the_readers_zones_not_every_zone(lists, api_as, monkeypatch):
    api, _urls = lists
    member = api_as("member0")  # in 'team' only, while six public zones are readable
    assert zone_options(member, "/search?q=kassa") == [("", True), ("team", False)]
    chosen = zone_options(member, "/search?q=kassa&zone=zone3")
    assert chosen == [("", False), ("team", False), ("zone3", True)]
    monkeypatch.setattr("innovationzone.search.views.ZONE_CHOICES", 2)
    first_two = [("", True), ("team", False), ("zone0", False)]
    assert zone_options(api, "/search?q=kassa") == first_two
    picked = zone_options(api, "/search?q=kassa&zone=zone4")
    assert picked == [("", False), ("team", False), ("zone0", False), ("zone4", True)]
    secret = {"slug": "geheim", "name": "Geheim", "visibility": "private"}
    assert api.post("zones", secret).status_code == 201
    assert zone_options(member, "/search?q=kassa&zone=geheim") == [("", True), ("team", False)]


def test_a_post_names_the_first_reactors_and_counts_the_rest(lists, monkeypatch):
    api, urls = lists
    post_id = next(url for url in urls if url.endswith("/comments")).split("/")[1]
    monkeypatch.setattr("innovationzone.blog.reaction_services.SHOWN", 2)
    summary = {r["name"]: r for r in api.get(f"posts/{post_id}").get_json()["reactions"]}
    assert {name: (r["count"], len(r["users"])) for name, r in summary.items()} == {
        "heart": (3, 2),
        "thumbs_up": (2, 2),
        "tada": (1, 1),
    }
    assert summary["heart"]["users"] == ["member0", "member2"] and summary["tada"]["mine"]
    html = api.get(f"/z/team/blog/{post_id}").get_data(as_text=True)
    reactors = html.split('class="reactors muted">', 1)[1].split("</p>", 1)[0]
    assert "Member0, Member2 +1</span>" in reactors and "Member4" not in reactors
