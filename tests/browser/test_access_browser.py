"""In Chromium, access that ends: changing your password on /profile confirms it in your
language, keeps this browser signed in and signs every other browser out (the form used to
answer 500); someone removed from a zone sees at once that its open chat room and wiki editor are closed
to them."""

from __future__ import annotations

import requests

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.listener import Listener, private_room

NEW = "een-nieuw-wachtwoord"
CONFIRMED = {
    "nl-NL": "Wachtwoord gewijzigd. Je bent op andere apparaten uitgelogd.",
    "en-GB": "Password changed. Other sessions were signed out.",
}


def _change(page, base_url: str, current: str, new: str) -> None:
    page.goto(base_url + "/profile")
    page.fill("#password-current", current)
    page.fill("#password-new", new)
    page.click("#password-submit")
    page.wait_for_load_state()


def _admin(live_server) -> dict:
    return {"Authorization": f"Bearer {live_server.token('admin', PASSWORD)}"}


def _user(live_server, username: str) -> None:
    requests.post(
        live_server.url + "/api/v1/users",
        json={"username": username, "password": PASSWORD},
        headers=_admin(live_server),
        timeout=5,
    ).raise_for_status()


def test_changing_the_password_keeps_this_browser_and_signs_out_the_other(live_server, new_page):
    _user(live_server, "wim")
    dutch, english = new_page(locale="nl-NL"), new_page(locale="en-GB")
    for page in (dutch, english):
        sign_in(page, live_server.url, "wim", PASSWORD)
    for changer, other, old, new in (
        (dutch, english, PASSWORD, NEW),
        (english, dutch, NEW, PASSWORD),
    ):
        locale = "nl-NL" if changer is dutch else "en-GB"
        _change(changer, live_server.url, old, new)
        assert changer.get_by_text(CONFIRMED[locale]).is_visible()
        changer.goto(live_server.url + "/profile")
        assert "/profile" in changer.url  # still signed in
        other.goto(live_server.url + "/profile")
        assert "/login" in other.url  # signed out by the change
        sign_in(other, live_server.url, "wim", new)


def test_removed_member_sees_the_open_room_close(live_server, new_page):
    api, admin = live_server.url + "/api/v1", _admin(live_server)
    room = private_room(live_server, "directie", ("lot",))
    page = new_page(locale="en-GB")
    sign_in(page, live_server.url, "lot", PASSWORD)
    page.goto(f"{live_server.url}/chat/{room}")
    page.wait_for_selector("#chat-status:has-text('Connected')")
    editor = page.context.new_page()
    admin_socket = Listener(live_server.url, token=live_server.token("admin", PASSWORD))
    admin_socket.call("editing", {"zone": "directie", "path": "Plan"}, "/wiki")
    editor.goto(f"{live_server.url}/z/directie/wiki/Plan/edit")
    editor.wait_for_selector("#editing-now:has-text('admin')")  # lot is among the editors
    requests.delete(
        api + "/zones/directie/members/lot", headers=admin, timeout=5
    ).raise_for_status()
    page.wait_for_selector("#chat-status:has-text('You no longer have access to this room.')")
    assert page.locator("#composer").is_hidden()
    # nothing left to act on in a room one may no longer read: no "Save to wiki", nobody online
    assert page.locator("#to-wiki").is_hidden()
    assert page.locator("#presence li").count() == 0
    assert page.inner_text("#presence-count") == ""
    editor.wait_for_selector("#editing-now:has-text('You can no longer edit in this zone.')")
    admin_socket.wait_for("editors", lambda d: d["editors"] == ["admin"], "/wiki")
    admin_socket.close()
