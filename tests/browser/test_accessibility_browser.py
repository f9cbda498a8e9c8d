"""WCAG 2.2 AA in the browser: axe-core on every main page, at phone and desktop size, signed in
and signed out, in the light and the dark colour scheme, finds no serious or critical violation;
the skip link and focus ring work."""

from __future__ import annotations

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WIKI = "/z/kassa-vernieuwing/wiki/Onboarding/Kassa/Checklist"
SIGNED_IN = {
    "home": "/",
    "zone": "/z/omnichannel",
    "wiki page": WIKI,
    "editor": WIKI + "/edit",
    "history": WIKI + "/history",
    "diff": WIKI + "/diff?from=1&to=2",
    "blog index": "/z/omnichannel/blog",
    "blog post": None,  # the first post of the blog index
    "chat": None,  # the first room of the zone
    "chat message actions": None,  # the same room, a message's actions menu open
    "search": "/search?q=kassa",
    "topics": "/topics",
    "topic": "/topics/click-en-collect",
    "profile": "/profile",
    "questions": "/questions",
    "question": "/questions/1",
    "ask": "/questions/new?topic=click-en-collect",
    "reviews": "/reviews",
    "review settings": WIKI + "/review",
    "activity": "/activity",
}
SIGNED_OUT = {"login": "/login", "login failed": None, "not found": "/z/nergens"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _serious(axe, page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:4])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _visit(page, server, name: str, path: str | None) -> None:
    if name == "blog post":
        page.goto(server.url + "/z/omnichannel/blog")
        path = page.locator(".post-card h2 a").first.get_attribute("href")
    elif name in ("chat", "chat message actions"):
        page.goto(server.url + "/z/omnichannel/chat")
        path = page.locator("a[data-room]").first.get_attribute("href")
    elif name == "login failed":
        page.goto(server.url + "/login")
        page.fill("#username", "chantal")
        page.fill("#password", "fout")
        page.click("#submit")
        page.wait_for_load_state()
        return
    page.goto(server.url + path)
    if name in ("chat", "chat message actions"):
        page.wait_for_selector(".chat-message")
    if name == "chat message actions":
        page.locator(".chat-actions-toggle").last.click()
        page.wait_for_selector(".chat-actions-menu:not([hidden])")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_have_no_serious_violations(demo_server, new_page, axe, viewport, scheme):
    found = {}
    page = new_page(viewport=viewport, locale="nl", color_scheme=scheme)
    for name, path in SIGNED_OUT.items():
        _visit(page, demo_server, name, path)
        found[name] = _serious(axe, page)
    sign_in(page, demo_server.url, "chantal", DEMO_PASSWORD)
    for name, path in SIGNED_IN.items():
        _visit(page, demo_server, name, path)
        found[name] = _serious(axe, page)
    assert {name: issues for name, issues in found.items() if issues} == {}


def test_skip_link_focus_ring_language_and_named_reactions(demo_server, new_page):
    page = new_page(viewport=PHONE, locale="nl")
    sign_in(page, demo_server.url, "chantal", DEMO_PASSWORD)
    page.goto(demo_server.url + WIKI)
    assert page.get_attribute("html", "lang") == "nl"
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    box = skip.bounding_box()
    assert box and box["y"] >= 0  # on screen once focused, not only in the accessibility tree
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the first control inside the page content
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert style == "solid"

    _visit(page, demo_server, "blog post", None)
    thumbs = page.get_by_role("button", name="Duim omhoog")
    assert thumbs.count() >= 1  # "👍 2" alone tells a screen reader nothing


def test_empty_required_fields_get_our_dutch_message_tied_to_the_field(demo_server, new_page):
    page = new_page(viewport=PHONE, locale="nl")
    page.goto(demo_server.url + "/login")
    page.click("#submit")  # no browser bubble in the browser's language: the server answers
    page.wait_for_selector("#username-error")
    username = page.locator("#username")
    assert username.get_attribute("aria-invalid") == "true"
    assert username.get_attribute("aria-describedby") == "username-error"
    assert "Dit veld is vereist" in page.inner_text("#username-error")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_hidden_comment_stays_readable_for_the_curator(demo_server, new_page, axe, scheme):
    """A curator still reads a comment they hid (to show it again): set apart, not faded below
    the contrast text needs."""
    api = demo_server.url + "/api/v1"
    as_bram = {"Authorization": f"Bearer {demo_server.token('bram', DEMO_PASSWORD)}"}
    as_anouk = {"Authorization": f"Bearer {demo_server.token('anouk', DEMO_PASSWORD)}"}
    posts = requests.get(api + "/zones/omnichannel/posts", headers=as_bram, timeout=10).json()
    post_id = posts["posts"][0]["id"]
    comment = requests.post(
        f"{api}/posts/{post_id}/comments",
        json={"body": "Dit hoort hier niet, vraag het @gerda."},
        headers=as_bram,
        timeout=10,
    ).json()
    requests.patch(
        f"{api}/comments/{comment['id']}", json={"hidden": True}, headers=as_anouk, timeout=10
    ).raise_for_status()
    page = new_page(viewport=PHONE, locale="nl", color_scheme=scheme)
    sign_in(page, demo_server.url, "anouk", DEMO_PASSWORD)
    page.goto(f"{demo_server.url}/z/omnichannel/blog/{post_id}")
    page.wait_for_selector(f"#comment-{comment['id']}.hidden-comment")
    assert _serious(axe, page) == []


def test_a_prefixed_forms_fields_get_our_dutch_message_too(demo_server, new_page):
    """The profile's password form (fields named 'password-new', its token 'password-csrf_token')
    kept the browser's own check: a short new password got Chromium's English bubble on a Dutch
    page and was never sent. The server answers it, in Dutch, tied to the field."""
    page = new_page(viewport=PHONE, locale="nl")
    sign_in(page, demo_server.url, "karin", DEMO_PASSWORD)
    page.goto(demo_server.url + "/profile")
    page.fill("#password-current", DEMO_PASSWORD)
    page.fill("#password-new", "kort")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    page.wait_for_selector("#password-new-error")
    assert page.locator("#password-new").get_attribute("aria-invalid") == "true"
    assert "8" in page.inner_text("#password-new-error")
