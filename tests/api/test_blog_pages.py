"""The blog's HTML pages, the notifications center and the Atom feeds, on both databases."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from tests.support.clients import page_csrf, submit_form

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(api_as, browser_login):
    """ann curates public 'winkels' and private 'kassa'; bob is a kassa member; cor is outside."""
    ann, bob, cor = api_as("ann"), api_as("bob"), api_as("cor")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.post("zones/kassa/members", {"username": "bob", "role": "member"})
    public = ann.post(
        "zones/winkels/posts",
        {
            "title": "Zelfscan in Utrecht",
            "body": "Het werkt, @bob.",
            "tags": "zelfscan",
            "status": "published",
        },
    ).json
    private = ann.post(
        "zones/kassa/posts",
        {"title": "Leverancier gekozen", "body": "Geheim.", "status": "published"},
    ).json
    draft = ann.post("zones/winkels/posts", {"title": "Halve gedachte", "body": "Later."}).json
    return {
        "api": (ann, bob, cor),
        "public": public,
        "private": private,
        "draft": draft,
        "login": browser_login,
    }


def _text(response) -> str:  # noqa: ANN001
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_zone_blog_post_page_and_tag_page(site):
    bob = site["login"]("bob")
    blog = _text(bob.get("/z/winkels/blog"))
    assert (
        "Zelfscan in Utrecht" in blog
        and "Halve gedachte" not in blog
        and 'href="/z/winkels/blog"' in blog
    )
    page = _text(bob.get(f"/z/winkels/blog/{site['public']['id']}"))
    assert 'class="mention" href="/u/bob"' in page and "#zelfscan" in page
    assert bob.get(f"/z/winkels/blog/{site['draft']['id']}").status_code == 404
    assert "Zelfscan in Utrecht" in _text(bob.get("/z/winkels/blog/tag/zelfscan"))
    assert "Zelfscan" not in _text(bob.get("/z/winkels/blog/tag/other"))


def test_a_post_says_which_zone_it_is_in(site):
    """A post opened from the home feed, search or a notification said nothing of its zone (only
    the zone's tabs, nameless); it names the zone, a link to it, as a wiki page does."""
    bob = site["login"]("bob")
    page = _text(bob.get(f"/z/kassa/blog/{site['private']['id']}"))
    head = page.split('id="post"')[0]
    assert '<a href="/z/kassa">Kassa</a>' in head


def test_write_comment_reply_and_react_through_forms(site):
    bob = site["login"]("bob")
    post_id = site["public"]["id"]
    shown, comments = f"/z/winkels/blog/{post_id}", f"/blog/posts/{post_id}/comments"
    first = submit_form(bob, shown, {"body": "Mooi!", "parent_id": ""}, to=comments)
    assert first.status_code == 302
    first_id = int(re.search(r"#comment-(\d+)", first.headers["Location"]).group(1))
    reply = submit_form(bob, shown, {"body": "Nog iets", "parent_id": str(first_id)}, to=comments)
    assert reply.status_code == 302
    submit_form(bob, shown, {"on": "1"}, to=f"/blog/post/{post_id}/react/tada")
    page = _text(bob.get(f"/z/winkels/blog/{post_id}"))
    assert "2 comments" in page and "🎉 Bob" in page
    assert re.search(
        rf'id="comment-{first_id}".*?<ol class="comments">\s*<li class="comment" id="comment-',
        page,
        re.S,
    )


def test_editor_creates_draft_then_publishes(site):
    bob = site["login"]("bob")
    saved = submit_form(
        bob,
        "/z/winkels/blog/new",
        {
            "title": "Retourstraat",
            "body": "Eerste idee",
            "tags": "retour",
            "excerpt": "",
            "draft": "Save as draft",
        },
    )
    assert saved.status_code == 302
    post_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    assert "Retourstraat" not in _text(site["login"]("cor").get("/z/winkels/blog"))
    published = submit_form(
        bob,
        f"/z/winkels/blog/{post_id}/edit",
        {
            "title": "Retourstraat",
            "body": "Eerste idee",
            "tags": "retour",
            "excerpt": "",
            "publish": "Publish",
        },
    )
    assert published.status_code == 302
    assert "Retourstraat" in _text(site["login"]("cor").get("/z/winkels/blog"))
    assert site["login"]("cor").get(f"/z/winkels/blog/{post_id}/edit").status_code == 403


def test_person_page_shows_only_readable_posts(site):
    cor_page = _text(site["login"]("cor").get("/u/ann"))
    assert "Ann" in cor_page and "IT" in cor_page
    assert "Zelfscan in Utrecht" in cor_page and "Leverancier gekozen" not in cor_page
    assert "Leverancier gekozen" in _text(site["login"]("bob").get("/u/ann"))
    assert site["login"]("bob").get("/u/nobody-here").status_code == 404


def test_notifications_center_badge_and_mark_read(site):
    bob = site["login"]("bob")
    home = _text(bob.get("/"))
    assert re.search(
        r'<span id="notif-count" class="badge">2</span>', home
    )  # added to kassa, mentioned
    assert "socket.io.min.js" in home and "js/notifications.js" in home
    center = _text(bob.get("/notifications"))
    assert "Ann mentioned you in “Zelfscan in Utrecht”" in center
    bob.post("/notifications/read", data={"csrf_token": page_csrf(center)})
    assert re.search(r'<span id="notif-count" class="badge" hidden>0</span>', _text(bob.get("/")))


def _atom(response) -> ET.Element:  # noqa: ANN001
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "author/" + ATOM + "name", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://")
    return feed


def _titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_public_feeds_need_no_key_private_ones_do(site, client):
    assert _titles(_atom(client.get("/z/winkels/blog/feed.atom"))) == ["Zelfscan in Utrecht"]
    assert client.get("/z/kassa/blog/feed.atom").status_code == 404
    assert _titles(_atom(client.get("/u/ann/feed.atom"))) == ["Zelfscan in Utrecht"]


def test_feed_key_opens_private_feeds_until_revoked(site, client):
    bob = site["login"]("bob")
    page = _text(submit_form(bob, "/u/bob", to="/u/me/feed-key"))
    key = re.search(r'<code id="feed-key">([^<]+)</code>', page).group(1)
    assert f"/z/kassa/blog/feed.atom?key={key}" in page
    assert _titles(_atom(client.get(f"/z/kassa/blog/feed.atom?key={key}"))) == [
        "Leverancier gekozen"
    ]
    assert set(_titles(_atom(client.get(f"/u/ann/feed.atom?key={key}")))) == {
        "Zelfscan in Utrecht",
        "Leverancier gekozen",
    }
    assert key not in _text(bob.get("/u/bob"))  # shown once
    submit_form(bob, "/u/bob", to="/u/me/feed-key/revoke")
    assert client.get(f"/z/kassa/blog/feed.atom?key={key}").status_code == 404
    cor = site["login"]("cor")  # a key of his own does not open a zone cor may not read
    cor_page = _text(submit_form(cor, "/u/cor", to="/u/me/feed-key"))
    own = re.search(r'<code id="feed-key">([^<]+)</code>', cor_page).group(1)
    assert client.get(f"/z/kassa/blog/feed.atom?key={own}").status_code == 404


def test_older_posts_after_making_a_feed_key_walks_every_page(site):
    """The page a new feed key is shown on (the answer to a POST) links its older posts to the
    person page (a GET), with the cursor: a click on it was a 405."""
    ann = site["api"][0]
    titles = [f"Bericht {n:02d}" for n in range(55)]
    for title in titles:
        post = {"title": title, "body": "Tekst.", "status": "published"}
        assert ann.post("zones/winkels/posts", post).status_code == 201
    browser = site["login"]("ann")
    page = _text(submit_form(browser, "/u/ann", to="/u/me/feed-key"))
    seen, pages = [], 0
    while True:
        pages += 1
        seen += re.findall(r">(Bericht \d\d)<", page)
        link = re.search(r'<a class="button" rel="next" href="([^"]+)">', page)
        if link is None:
            break
        url = unescape(link.group(1))
        assert url.startswith("/u/ann?") and "cursor=" in url, url
        page = _text(browser.get(url))
        assert 'id="feed-key"' not in page  # the secret stays on the one answer
    assert sorted(seen) == titles and len(seen) == len(set(seen)) and pages == 3


def test_a_hidden_comment_offers_no_reply(site):
    """Like its reactions, a hidden comment takes no replies from its page: a reply would hang
    under a placeholder nobody else can read."""
    ann, bob, _cor = site["api"]
    post_id = site["public"]["id"]
    hidden = bob.post(f"posts/{post_id}/comments", {"body": "Oeps"}).json["id"]
    kept = bob.post(f"posts/{post_id}/comments", {"body": "Goed zo"}).json["id"]
    assert ann.patch(f"comments/{hidden}", {"hidden": True}).status_code == 200
    page = _text(site["login"]("cor").get(f"/z/winkels/blog/{post_id}"))
    replies = set(re.findall(r'name="parent_id" value="(\d+)"', page))
    assert str(kept) in replies and str(hidden) not in replies
