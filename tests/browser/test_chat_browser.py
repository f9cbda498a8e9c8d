"""Two people chat in Chromium; one drops offline and catches up when the connection is back."""

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.chat import setup_team

pytestmark = pytest.mark.browser


def test_two_people_chat_and_catch_up_after_going_offline(live_server, new_page):
    room_id = setup_team(live_server)
    ann, bob = new_page(), new_page(viewport={"width": 375, "height": 740})
    for page, name in ((ann, "ann"), (bob, "bob")):
        sign_in(page, live_server.url, name, PASSWORD)
        page.goto(f"{live_server.url}/chat/{room_id}")
        page.wait_for_selector("#chat-status:has-text('Connected')")

    ann.fill("#chat-body", "Hoi Bob, staat de **kassa** klaar?")
    ann.press("#chat-body", "Enter")
    bob.wait_for_selector(".chat-body strong:has-text('kassa')")
    bob.fill("#chat-body", "Ja, sinds vanochtend")
    bob.click("#chat-send")
    ann.wait_for_selector(".chat-body:has-text('sinds vanochtend')")
    ann.wait_for_selector("#presence li:has-text('bob')")  # presence is announced within a second

    bob.context.set_offline(True)
    bob.wait_for_selector("#chat-status:has-text('Offline')", timeout=60_000)
    for n in range(3):
        ann.fill("#chat-body", f"Gemist bericht {n}")
        ann.press("#chat-body", "Enter")
    ann.wait_for_selector(".chat-body:has-text('Gemist bericht 2')")
    first = ann.locator(".chat-message:not(.pending)").first
    first.get_by_role("button", name="Message actions").click()
    first.locator(".chat-edit").click()
    ann.fill("#chat-body", "Hoi Bob, staat de kassa klaar? (bewerkt)")
    ann.press("#chat-body", "Enter")
    ann.wait_for_selector(".chat-body:has-text('(bewerkt)')")

    bob.context.set_offline(False)
    bob.wait_for_selector(".chat-body:has-text('Gemist bericht 2')", timeout=30_000)
    bob.wait_for_selector(".chat-body:has-text('(bewerkt)')")
    texts = bob.locator(".chat-message .chat-body").all_inner_texts()
    assert [t for t in texts if t.startswith("Gemist")] == [f"Gemist bericht {n}" for n in range(3)]


def test_save_a_stretch_of_chat_to_the_wiki(live_server, new_page):
    room_id = setup_team(live_server)
    page = new_page()
    sign_in(page, live_server.url, "bob", PASSWORD)
    page.goto(f"{live_server.url}/chat/{room_id}")
    page.wait_for_selector("#chat-status:has-text('Connected')")
    for text in (
        "Besluit: we kiezen de Zebra-scanner",
        "Uitrol start in Utrecht",
        "Wie haalt koffie?",
    ):
        page.fill("#chat-body", text)
        page.press("#chat-body", "Enter")
        page.wait_for_selector(f".chat-message:not(.pending) .chat-body:has-text('{text}')")

    page.click("#to-wiki-start")
    page.click(".chat-message:has-text('Zebra-scanner')")
    page.click(".chat-message:has-text('Uitrol start')")
    assert page.locator(".chat-message.picked").count() >= 2
    page.click("#to-wiki-submit")
    page.wait_for_url("**/edit")
    body = page.input_value("textarea")
    assert "Zebra-scanner" in body and "Uitrol start in Utrecht" in body and "koffie" not in body
