"""Every payload of shared/corpora/xss comes back inert, as a page body and as a page title,
checked by parsing the HTML a browser would receive rather than by searching strings."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CORPUS = Path("/work/shared/corpora/xss")
FILES = sorted(CORPUS.glob("*.txt"))
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "applet",
}
SITE_TAGS = {"meta", "link", "form"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


class LiveParts(HTMLParser):
    """Collects anything that could run: dangerous tags, event handlers, script URLs."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag == "script" and dict(attrs).get("src", "").startswith("/static/"):
            return  # the site's own scripts
        if tag in DANGEROUS_TAGS - self.allowed:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name in URL_ATTRS and value and BAD_SCHEME.match(url_as_browser_reads(value)):
                self.problems.append(f"{name}={value[:40]}")
            if name == "style":
                self.problems.append("style=")


def url_as_browser_reads(value: str) -> str:
    """WHATWG URL parsing: tabs and newlines vanish anywhere, controls and spaces at the ends."""
    return re.sub(r"[\t\n\r]", "", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
        "\x1c\x1d\x1e\x1f "
    )


def live_parts(html: str, whole_page: bool = False) -> list[str]:
    """In a whole page the site's own <meta>, <link> and <form> are expected; rendered Markdown has none."""
    parser = LiveParts(SITE_TAGS if whole_page else set())
    parser.feed(html)
    parser.close()
    return parser.problems


def payloads(file: Path) -> list[str]:
    return [
        line
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]


def test_detector_finds_live_html():
    assert live_parts('<img src=x onerror=alert(1)><a href=" java\tscript:x">') == [
        "onerror=",
        "href= java\tscript:x",
    ]
    assert live_parts('<a href="jav   ascript:x">') == []  # spaces inside: a relative URL, inert
    assert live_parts("<p>&lt;script&gt;</p>") == []


@pytest.mark.parametrize("file", FILES, ids=[f.stem for f in FILES])
def test_payloads_inert_as_body(ctx, file):
    from innovationzone.wiki.rendering import render_page

    for payload in payloads(file):
        assert live_parts(render_page("winkels", "Test", payload)) == [], payload


@pytest.mark.parametrize("file", FILES, ids=[f.stem for f in FILES])
def test_payloads_inert_as_title_and_in_page_views(app, browser_login, file):
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.db import write_transaction
    from innovationzone.extensions import db
    from innovationzone.wiki.models import Page, Revision
    from innovationzone.wiki.services import clean_title, save_page
    from innovationzone.zones.services import create_zone

    ann = browser_login("ann")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann"))
        zone = create_zone(user, {"slug": "winkels", "name": "Winkels"})
        # One transaction and one flush (pages, then their revisions, each inserted in one
        # batch): a save per payload would take half a minute, a flush per page a third of
        # this test's time.
        with write_transaction() as session:
            for number, payload in enumerate(payloads(file)):
                title = clean_title(payload[:200], "P")
                page = Page(
                    zone_id=zone.id,
                    path=f"P{number}",
                    title=title,
                    revision=1,
                    updated_by_id=user.id,
                )
                session.add(page)
                session.add(Revision(page=page, number=1, title=title, body="x", author_id=user.id))
        save_page(user, "winkels", "Alles", file.stem, "\n\n".join(payloads(file)), None)
    for url in (
        "/z/winkels/wiki",
        "/z/winkels/wiki/Alles",
        "/z/winkels/wiki/P0",
        "/wiki/changes",
        "/z/winkels/wiki/P1/history",
        "/z/winkels/wiki/Alles/edit",
    ):
        response = ann.get(url)
        assert response.status_code == 200, url
        assert live_parts(response.get_data(as_text=True), whole_page=True) == [], url
