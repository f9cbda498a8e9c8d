"""The activity pages: one SVG bar group per department, a table alternative, no inline
script or style (the CSP would block them), and the zone overview's own chart."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class Tags(HTMLParser):
    """Start tags with their attributes, and whether a <script> has inline code."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_script = False
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        self.inline_script |= self._in_script and bool(data.strip())

    def find(self, tag: str, cls: str | None = None) -> list[dict]:
        return [
            a
            for t, a in self.tags
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        ]


@pytest.fixture
def shop(session_app, app, api_as):
    """Three departments write in public `winkels`; IT alone in private `kassa`. Built once a
    session (session_app.load_once)."""
    session_app.load_once("activity-shop", lambda: _build_shop(api_as))


def _build_shop(api_as) -> None:  # noqa: ANN001 - the api_as fixture
    ann = api_as("ann", department="Marketing")
    bob = api_as("bob", department="IT")
    eve = api_as("eve", department="<b>Logistiek</b>")
    ann.post("zones", {"slug": "winkels", "name": "Winkels", "visibility": "public"})
    bob.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    for client, path in ((ann, "Schappen"), (bob, "Kassa"), (eve, "Pallets")):
        client.put(
            f"zones/winkels/pages/{path}", {"title": path, "body": "tekst", "base_revision": None}
        )
    post = ann.post(
        "zones/winkels/posts", {"title": "Idee", "body": "b", "status": "published"}
    ).json
    eve.post(f"posts/{post['id']}/comments", {"body": "ja"})
    bob.put("zones/kassa/pages/Geheim", {"title": "Geheim", "body": "x", "base_revision": None})


def no_inline_script_or_style(html: str, tags: Tags) -> None:
    assert not tags.inline_script and not tags.find("style")
    assert not [a for _t, a in tags.tags if "style" in a]


def test_activity_page_draws_one_bar_per_department(shop, browser_login):
    html = browser_login("ann").get("/activity").get_data(as_text=True)
    tags = Tags(html)
    svg = tags.find("svg")
    assert len(svg) == 1 and svg[0]["viewbox"].startswith("0 0 400 ") and svg[0]["width"] == "100%"
    assert svg[0]["role"] == "img" and '<title id="activity-chart-title">' in html
    assert len(tags.find("g", "bar")) == 3  # Marketing, IT and the escaped one
    assert (
        len(tags.find("rect", "k-page_revisions")) == 3 and len(tags.find("rect", "k-posts")) == 1
    )
    assert "&lt;b&gt;Logistiek&lt;/b&gt;" in html and "<b>Logistiek</b>" not in html
    assert tags.find("details", "activity-data") and tags.find("table", "activity-zones")
    assert "Kassa" not in html  # the private zone's name and its IT edit stay out
    no_inline_script_or_style(html, tags)


def test_member_sees_the_private_zone_in_the_breakdown(shop, browser_login):
    html = browser_login("bob").get("/activity?days=all").get_data(as_text=True)
    assert '/z/kassa"' in html and 'aria-current="page"' in html
    assert len(Tags(html).find("g", "bar")) == 3


def test_period_and_zone_are_checked(shop, browser_login):
    ann = browser_login("ann")
    assert ann.get("/activity?days=zero").status_code == 400
    assert ann.get("/activity?zone=kassa").status_code == 404
    assert "Contributions in Winkels." in ann.get("/activity?zone=winkels").get_data(as_text=True)


def test_zone_overview_shows_who_contributes_there(shop, browser_login):
    html = browser_login("bob").get("/z/kassa").get_data(as_text=True)
    tags = Tags(html)
    assert "Who contributes here" in html and len(tags.find("g", "bar")) == 1  # only IT wrote here
    no_inline_script_or_style(html, tags)


def test_zone_without_contributions_says_so(app, api_as, browser_login):
    api_as("ann").post("zones", {"slug": "leeg", "name": "Leeg"})
    html = browser_login("ann").get("/z/leeg").get_data(as_text=True)
    assert "No contributions in this period." in html and not Tags(html).find("svg")


def test_activity_is_linked_from_the_zone_list(browser_login):
    assert 'href="/activity"' in browser_login("ann").get("/").get_data(as_text=True)
