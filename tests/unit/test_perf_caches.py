"""What the speed-ups remember must never outlive the truth: permission answers kept for one
transaction, per-revision section counts, and the chat renderer's fast path for plain lines."""

from __future__ import annotations

import re

import pytest

from innovationzone.accounts.models import User
from innovationzone.chat.services import PLAIN_RE, _markdown
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.markdown import LinkContext, render_now
from innovationzone.permissions import READ, access_zone, can
from innovationzone.zones.services import add_member, create_zone, remove_member, update_zone
from tests.support.clients import page_csrf


def _users(make_user, *names):
    ids = [make_user(name) for name in names]
    return [db.session.get(User, user_id) for user_id in ids]


def test_removed_member_loses_access_within_the_same_request(ctx, make_user):
    cur, mem = _users(make_user, "cur", "mem")
    zone = create_zone(cur, {"slug": "closed", "name": "Closed", "visibility": "private"})
    add_member(cur, "closed", {"username": "mem"})
    assert can(mem, READ, zone) and access_zone(mem, "closed") is not None
    remove_member(cur, "closed", "mem")
    assert not can(mem, READ, zone)
    with pytest.raises(NotFound):
        access_zone(mem, "closed")


def test_a_zone_made_private_is_closed_to_visitors_at_once(ctx, make_user):
    cur, out = _users(make_user, "cur", "out")
    zone = create_zone(cur, {"slug": "open", "name": "Open", "visibility": "public"})
    assert can(out, READ, zone)
    update_zone(cur, "open", {"name": "Open", "visibility": "private"})
    assert not can(out, READ, zone)


def test_removed_member_gets_404_on_the_very_next_request(browser_login, api_as):
    cur, mem = api_as("cur"), browser_login("mem")
    assert (
        cur.post("zones", {"slug": "closed", "name": "Closed", "visibility": "private"}).status_code
        == 201
    )
    assert cur.post("zones/closed/members", {"username": "mem"}).status_code in (200, 201)
    assert (
        cur.put(
            "zones/closed/pages/Plan", {"title": "Plan", "body": "Geheim", "base_revision": None}
        ).status_code
        == 201
    )
    assert mem.get("/z/closed/wiki/Plan").status_code == 200
    assert cur.delete("zones/closed/members/mem").status_code in (200, 204)
    assert mem.get("/z/closed/wiki/Plan").status_code == 404
    assert mem.get("/z/closed/wiki").status_code == 404


def _zone_with_page(client):
    token = page_csrf(client.get("/").get_data(as_text=True))
    headers = {"X-CSRFToken": token}
    assert (
        client.post(
            "/api/v1/zones", json={"slug": "winkels", "name": "Winkels"}, headers=headers
        ).status_code
        == 201
    )
    return headers


def _put(client, headers, path, body, base=None, title="Pagina"):
    response = client.put(
        f"/api/v1/zones/winkels/pages/{path}",
        json={"title": title, "body": body, "base_revision": base},
        headers=headers,
    )
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def test_sidebar_shows_created_renamed_and_deleted_pages_at_once(browser_login):
    """Top-level pages: the navigation shows the current page's branch, and the top level is
    part of every branch."""
    ann = browser_login("ann")
    headers = _zone_with_page(ann)
    _put(ann, headers, "Start", "Welkom")
    assert 'wiki/Telling"' not in ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    _put(ann, headers, "Telling", "Open de lade.", title="Telling magazijn")
    sidebar = ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    assert 'href="/z/winkels/wiki/Telling"' in sidebar and "Telling magazijn" in sidebar
    assert (
        ann.post(
            "/api/v1/zones/winkels/pages/Telling/rename",
            json={"path": "Lijst"},
            headers=headers,
        ).status_code
        == 200
    )
    sidebar = ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    assert 'href="/z/winkels/wiki/Lijst"' in sidebar and 'wiki/Telling"' not in sidebar
    assert ann.delete("/api/v1/zones/winkels/pages/Lijst", headers=headers).status_code in (
        200,
        204,
    )
    assert 'wiki/Lijst"' not in ann.get("/z/winkels/wiki/Start").get_data(as_text=True)


def test_section_count_follows_every_new_revision(browser_login):
    ann = browser_login("ann")
    headers = _zone_with_page(ann)
    _put(ann, headers, "Lang", "# Een\n\ntekst\n")

    def sections():
        html = ann.get("/z/winkels/wiki/Lang").get_data(as_text=True)
        return int(re.search(r'data-sections="(\d+)"', html).group(1))

    assert sections() == 1
    _put(ann, headers, "Lang", "# Een\n\ntekst\n\n## Twee\n\n```\n# geen kop\n```\n", base=1)
    assert sections() == 2


PLAIN = [
    "bench 123.456 7",
    "Hallo allemaal, de kassa is weer open!",
    "Wie heeft de sleutel?",
    "Zie je 'm morgen",
    "Café open (tot 18:00)",
    'Hij zei "ja" - tot straks',
    "x: y; z/w",
]
NOT_PLAIN = [
    "a_b_c",
    "- lijst",
    "1. lijst",
    "# kop",
    "x *y*",
    "@ann kijk",
    "[[Kassa]]",
    "<b>x</b>",
    "x &amp; y",
    "regel\nregel",
    "`code`",
    "zie https://x.nl/?a=1&b=2",
    "x | y",
    "!!! note",
]


@pytest.mark.parametrize("body", PLAIN)
def test_plain_chat_lines_skip_the_renderer_with_the_same_html(ctx, body):
    assert PLAIN_RE.fullmatch(body)
    assert _markdown(body, LinkContext()) == render_now(body, LinkContext())


@pytest.mark.parametrize("body", NOT_PLAIN)
def test_lines_with_markdown_syntax_still_go_through_the_renderer(body):
    assert not PLAIN_RE.fullmatch(body)
