"""Chromium: the home page on a phone, and comments and reactions appearing live under a post."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def people(live_server):
    admin = live_server.token("admin", PASSWORD)
    for name in ("dirk", "eva"):
        live_server.api(
            admin,
            "POST",
            "users",
            {"username": name, "password": PASSWORD, "display_name": name.title()},
        )
    dirk = live_server.token("dirk", PASSWORD)
    live_server.api(dirk, "POST", "zones", {"slug": "klantreis", "name": "Klantreis"})
    return dirk, live_server.token("eva", PASSWORD)


def test_home_on_a_phone_shows_news_and_mentions(live_server, people, new_page):
    dirk, _eva = people
    live_server.api(
        dirk,
        "PUT",
        "zones/klantreis/pages/Retourproces",
        {"title": "Retourproces", "body": "@eva, klopt stap 3?", "base_revision": None},
    )
    page = new_page(viewport=PHONE)
    sign_in(page, live_server.url, "eva", PASSWORD)
    page.goto(live_server.url + "/")
    assert "Retourproces" in page.inner_text("#feed")
    assert "Dirk" in page.inner_text("#feed .feed-item")
    assert "Retourproces" in page.inner_text("#my-mentions")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("#feed .feed-item a[href*='Retourproces']")
    page.wait_for_url("**/wiki/Retourproces")


def test_comments_and_reactions_appear_without_a_reload(live_server, people, new_page):
    dirk, eva = people
    post = live_server.publish(dirk, "klantreis", "Retour in de winkel")
    reader = new_page(viewport=PHONE)
    sign_in(reader, live_server.url, "dirk", PASSWORD)
    reader.goto(f"{live_server.url}/z/klantreis/blog/{post['id']}")
    reader.wait_for_selector("#comments[data-live]", state="attached")  # watching the post
    reader.fill("#comment-body-new", "Half getypt")  # what the reader is typing stays
    comment = live_server.api(eva, "POST", f"posts/{post['id']}/comments", {"body": "Top idee!"})
    reader.wait_for_selector(f"#comment-{comment['id']}")
    assert "Top idee!" in reader.inner_text("#comments")
    assert reader.input_value("#comment-body-new") == "Half getypt"
    live_server.api(eva, "PUT", f"posts/{post['id']}/reactions/thumbs_up")
    expect(reader.locator("#post .reactions .reactors")).to_contain_text("Eva")
