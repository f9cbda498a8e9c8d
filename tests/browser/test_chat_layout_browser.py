"""Chat on a phone and on a desktop: the composer stays in view, only the message list scrolls,
rooms and online people open as drawers on a phone, a message's actions wait behind one named
button, and "… is typing" ends with the message."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.chat import ChatClient, setup_team

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TALL = "\n\n".join(f"Regel {n} van een lang verslag over de kassa" for n in range(12))


@pytest.fixture(scope="module")
def busy_room(live_server):
    """A room with more messages than fit on any screen."""
    room_id = setup_team(live_server)
    ann = ChatClient(live_server, "ann")
    for n in range(6):
        assert ann.send(room_id, f"Bericht {n}\n\n{TALL}")["ok"]
    ann.close()
    return room_id


def _open_room(page, server, room_id, username="bob"):
    sign_in(page, server.url, username, PASSWORD)
    page.goto(f"{server.url}/chat/{room_id}")
    page.wait_for_selector("#chat-status:has-text('Connected')")
    page.wait_for_selector(".chat-body:has-text('Bericht 5')")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_composer_in_view_and_only_the_list_scrolls(live_server, new_page, busy_room, viewport):
    page = new_page(viewport=viewport)
    _open_room(page, live_server, busy_room)

    box = page.locator("#chat-body").bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    send = page.locator("#chat-send").bounding_box()
    assert send and send["y"] + send["height"] <= viewport["height"]
    # the page itself does not scroll; the message list does, and starts at the newest message
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
    log = page.locator("#chat-log")
    assert log.evaluate("el => el.scrollHeight > el.clientHeight")
    assert log.evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight < 60")
    assert log.evaluate("el => { el.scrollTop = 0; return el.scrollTop === 0; }")
    assert page.locator(".chat-message").last.is_visible()
    # a smaller visible area (an on-screen keyboard): the composer moves up with it
    small = {"width": viewport["width"], "height": viewport["height"] // 2}
    page.set_viewport_size(small)
    page.focus("#chat-body")
    box = page.locator("#chat-body").bounding_box()
    assert box and box["y"] + box["height"] <= small["height"]
    page.set_viewport_size(viewport)
    # "Create wiki page" waits until messages are picked, whatever the button styles say
    assert page.locator("#to-wiki-submit").is_hidden()
    page.click("#to-wiki-start")
    page.click(".chat-message:has-text('Bericht 4')")
    assert page.locator("#to-wiki-submit").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_message_actions_wait_behind_one_named_button(live_server, new_page, busy_room, viewport):
    page = new_page(viewport=viewport)
    _open_room(page, live_server, busy_room, username="ann")  # her messages: ask, edit, delete
    message = page.locator(".chat-message", has_text="Bericht 5")
    # the header is one line (name, time, the button), with no "Make it a question" crowding it
    head = message.locator(".chat-meta").bounding_box()
    assert head and head["height"] < 36
    assert message.locator(".chat-question").is_hidden()

    toggle = message.get_by_role("button", name="Message actions")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    ask = message.get_by_role("link", name="Make it a question")
    expect(ask).to_be_focused()
    for name in ("Edit", "Delete"):
        expect(message.get_by_role("button", name=name, exact=True)).to_be_visible()
    menu = message.locator(".chat-actions-menu").bounding_box()
    assert menu and menu["x"] >= 0 and menu["x"] + menu["width"] <= viewport["width"]
    page.keyboard.press("Tab")
    expect(message.get_by_role("button", name="Edit", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(ask).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    page.locator("#chat-body").click()  # a click elsewhere closes it too
    expect(ask).to_be_hidden()
    toggle.click()
    ask.click()
    page.wait_for_url("**/questions/new?**")
    assert page.input_value("#title").startswith("Bericht 5")


def test_phone_drawers_for_rooms_and_online_people(live_server, new_page, busy_room):
    page = new_page(viewport=PHONE)
    _open_room(page, live_server, busy_room)
    assert page.locator("#presence").is_hidden() and page.locator(".chat-rooms").is_hidden()

    toggle = page.locator("button[aria-controls=chat-presence]")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    person = page.locator("#presence li", has_text="Bob")  # the display name, not "bob"
    person.wait_for()
    assert person.get_attribute("title") == "@bob"
    page.keyboard.press("Escape")
    assert (
        page.locator("#presence").is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    )

    page.click("button[aria-controls=chat-rooms-drawer]")
    current = page.locator(".chat-rooms a[aria-current=page]")
    assert current.is_visible() and current.inner_text() == "Algemeen"


def test_typing_shows_the_display_name_and_ends_with_the_message(live_server, new_page, busy_room):
    page = new_page(viewport=PHONE)
    page.clock.install()  # no timers run by themselves: only the message may clear the notice
    _open_room(page, live_server, busy_room)
    ann = ChatClient(live_server, "ann")
    try:
        assert ann.call("join", busy_room)["ok"]
        ann.sio.emit("typing", {"room_id": busy_room}, namespace="/chat")
        page.wait_for_selector("#typing:has-text('Ann')")
        assert page.get_attribute("#typing", "title") == "@ann"
        assert ann.send(busy_room, "Klaar met typen")["ok"]
        page.wait_for_selector(".chat-body:has-text('Klaar met typen')")
        expect(page.locator("#typing")).to_have_text("")
    finally:
        ann.close()


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_the_composer_placeholder_fits_on_a_phone(live_server, new_page, busy_room, locale):
    """The empty message box's hint is read on one line at 390 px, in either language: its
    text, in the box's own font, is no wider than the box's content area."""
    page = new_page(viewport=PHONE, locale=locale)
    sign_in(page, live_server.url, "bob", PASSWORD)
    page.goto(f"{live_server.url}/chat/{busy_room}")
    page.wait_for_selector(".chat-body:has-text('Bericht 5')")
    box = page.locator("#chat-body")
    assert box.input_value() == "" and box.get_attribute("placeholder")
    overflow = box.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const context = document.createElement("canvas").getContext("2d");
            context.font = style.font;
            const room = el.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return context.measureText(el.placeholder).width - room;
        }"""
    )
    assert overflow <= 0, f"{box.get_attribute('placeholder')!r} is {overflow:.0f}px too wide"
