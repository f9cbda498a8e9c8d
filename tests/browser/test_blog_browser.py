"""Chromium: a comment with a mention raises the mentioned colleague's badge without a reload."""

import pytest

from tests.browser.conftest import sign_in, wait_until
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_mention_updates_the_badge_live(live_server, new_page):
    admin = live_server.token("admin", PASSWORD)
    for name, department in (("bob", "Winkels"), ("cor", "Logistiek")):
        live_server.api(
            admin,
            "POST",
            "users",
            {
                "username": name,
                "password": PASSWORD,
                "display_name": name.title(),
                "department": department,
            },
            ok=(200, 201),
        )
    live_server.api(admin, "POST", "zones", {"slug": "winkels", "name": "Winkels"}, ok=(200, 201))
    bob_token = live_server.token("bob", PASSWORD)
    post = live_server.publish(bob_token, "winkels", "Zelfscan pilot")

    bob = new_page()
    sign_in(bob, live_server.url, "bob", PASSWORD)
    bob.goto(live_server.url + "/")
    assert bob.locator("#notif-count").is_hidden()
    wait_until(bob, "Boolean(window.iz && window.iz.socket && window.iz.socket.connected)")

    cor = new_page()
    sign_in(cor, live_server.url, "cor", PASSWORD)
    cor.goto(f"{live_server.url}/z/winkels/blog/{post['id']}")
    cor.fill("#comment-body-new", "Goed idee, @bob! Kan Logistiek meedoen?")
    cor.click("#comments form.comment-form >> button[type=submit]")
    cor.wait_for_selector(".comment .mention")

    badge = bob.locator("#notif-count")
    badge.wait_for(state="visible")
    assert badge.inner_text() == "1"
    bob.click("#notif-link")
    bob.wait_for_selector("#notif-list .unread")
    assert "Cor mentioned you in “Zelfscan pilot”" in bob.inner_text("#notif-list")

    phone = new_page(viewport={"width": 375, "height": 740})
    sign_in(phone, live_server.url, "cor", PASSWORD)
    phone.goto(f"{live_server.url}/z/winkels/blog/{post['id']}")
    phone.click(".comment .reply summary")
    assert phone.locator(".comment .reply textarea").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
