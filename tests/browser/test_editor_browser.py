"""Writing in the wiki, in Chromium: a toolbar, a live preview beside the text (a tab on a
phone), images pasted into the text become attachments, code is coloured, the title shows
once, a contents list appears for longer pages, and on a phone the page text comes first."""

from __future__ import annotations

import base64
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.api.test_wiki_api import PNG
from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
BODY = """\
# Kassa-handleiding

Intro over de kassa.

## Openen

```python
def open_lade(kassa):  # eerst tellen
    return kassa.lade.open()
```

## Tellen

| Munt | Aantal |
|:-----|-------:|
| 2 euro | 10 |

## Sluiten

!!! warning "Let op"
    Pas uitzetten na de dagafsluiting.

!!! note
    Een gewone notitie.
"""
PAGE = "/z/omnichannel/wiki/Handleiding"


@pytest.fixture(scope="module")
def wiki_page(demo_server):
    """A page of our own in the demo organisation's public zone, written by its curator."""
    token = demo_server.token("anouk", DEMO_PASSWORD)
    requests.put(
        demo_server.url + "/api/v1/zones/omnichannel/pages/Handleiding",
        json={"title": "Kassa-handleiding", "body": BODY, "base_revision": None},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).raise_for_status()
    return demo_server


def _signed_in(new_page, server, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server.url, "anouk", DEMO_PASSWORD)
    return page


def test_page_shows_title_once_contents_colours_alignment_and_admonitions(wiki_page, new_page):
    page = _signed_in(new_page, wiki_page, DESKTOP)
    page.goto(wiki_page.url + PAGE)
    assert page.locator("h1").count() == 1 and page.inner_text("h1").startswith("Kassa-handleiding")
    assert page.locator("#toc a").all_inner_texts() == ["Openen", "Tellen", "Sluiten"]
    colours = page.evaluate(
        """() => {
        const body = getComputedStyle(document.querySelector('#wiki-body p')).color;
        const keyword = getComputedStyle(document.querySelector('.highlight .k')).color;
        const comment = getComputedStyle(document.querySelector('.highlight .c1')).color;
        return {body, keyword, comment};
    }"""
    )
    assert colours["keyword"] != colours["body"] and colours["comment"] != colours["body"]
    cells = page.locator("#wiki-body td")
    assert cells.nth(1).evaluate("el => getComputedStyle(el).textAlign").endswith("right")
    warning = page.locator(".admonition.warning").evaluate(
        "el => getComputedStyle(el).borderLeftColor"
    )
    note = page.locator(".admonition.note").evaluate("el => getComputedStyle(el).borderLeftColor")
    assert warning != note


def test_phone_shows_the_page_first_and_the_tree_in_a_drawer(wiki_page, new_page):
    page = _signed_in(new_page, wiki_page, PHONE)
    page.goto(wiki_page.url + PAGE)
    assert page.locator("#wiki-nav").is_hidden()
    heading = page.locator("#wiki-body h1").bounding_box()
    assert heading and heading["y"] < PHONE["height"]  # the text is on the first screen
    page.click("button[aria-controls=wiki-nav]")
    assert page.locator("#wiki-nav .tree").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#wiki-nav").is_hidden()


def test_toolbar_and_live_preview_beside_the_text(wiki_page, new_page):
    page = _signed_in(new_page, wiki_page, DESKTOP)
    page.goto(wiki_page.url + PAGE + "/edit")
    textarea = page.locator("#body")
    textarea.fill("Kassa openen")
    textarea.evaluate("el => el.setSelectionRange(0, 5)")
    page.get_by_role("button", name="Bold").click()
    assert textarea.input_value() == "**Kassa** openen"
    page.get_by_role("button", name="Link to a wiki page").click()
    assert "[[" in textarea.input_value()
    page.wait_for_selector("#preview strong:has-text('Kassa')")  # rendered by the server
    write, preview = textarea.bounding_box(), page.locator("#preview").bounding_box()
    assert write and preview and preview["x"] > write["x"] + write["width"] - 1
    assert page.locator(".editor-tabs").is_hidden()  # both panes show: no tabs needed


def test_phone_preview_is_a_tab(wiki_page, new_page):
    page = _signed_in(new_page, wiki_page, PHONE)
    page.goto(wiki_page.url + PAGE + "/edit")
    assert page.locator("#body").is_visible() and page.locator("#preview").is_hidden()
    page.get_by_role("tab", name="Preview").click()
    page.wait_for_selector("#preview h2:has-text('Openen')")
    assert page.locator("#body").is_hidden()
    page.get_by_role("tab", name="Write").click()
    assert page.locator("#body").is_visible()


def test_a_pasted_image_is_attached_and_linked_in_the_text(wiki_page, new_page):
    page = _signed_in(new_page, wiki_page, DESKTOP)
    page.goto(wiki_page.url + PAGE + "/edit")
    page.locator("#body").evaluate(
        """(el, b64) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], "image.png", {type: "image/png"}));
        el.focus();
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
    }""",
        base64.b64encode(PNG).decode(),
    )
    expect(page.locator("#body")).to_have_value(re.compile(r"!\[\]\(afbeelding-"))
    name = page.input_value("#body").split("![](")[1].split(")")[0]
    page.wait_for_selector(f"#preview img[src$='{name}']")
    page.goto(wiki_page.url + PAGE)
    assert page.locator("#attachments a", has_text=name).count() == 1


def test_a_too_large_pasted_image_is_refused_in_the_readers_language(wiki_page, new_page):
    page = new_page(viewport=PHONE, locale="nl-NL")
    sign_in(page, wiki_page.url, "ilse", DEMO_PASSWORD)
    page.goto(wiki_page.url + PAGE + "/edit")
    page.fill("#body", "Wat ik net typte blijft staan.")
    page.locator("#body").evaluate(
        """el => {
        const bytes = new Uint8Array(11 * 1000 * 1000);
        bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const data = new DataTransfer();
        data.items.add(new File([bytes], "foto.png", {type: "image/png"}));
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
    }"""
    )
    expect(page.locator("#upload-status")).to_have_text("Bijlagen mogen hoogstens 10 MB zijn.")
    assert page.input_value("#body") == "Wat ik net typte blijft staan."
