"""Chromium on a 390 px phone: every kind of list page shows a page at the asked limit and a
"more" link that fits the screen, and following it shows the next items at the same limit."""

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
THREE = range(3)


@pytest.fixture(scope="module")
def lists(live_server):
    """Three of each list's items for the admin: zones, posts, rooms, questions, wiki changes."""
    admin = live_server.token("admin", PASSWORD)
    for n in THREE:
        person = {"username": f"lezer{n}", "password": PASSWORD, "display_name": f"Lezer {n}"}
        live_server.api(admin, "POST", "users", person)
        live_server.api(admin, "POST", "zones", {"slug": f"lijst{n}", "name": f"Lijst {n}"})
        post = {"title": f"Bericht {n}", "body": "Tekst", "status": "published"}
        live_server.api(admin, "POST", "zones/lijst0/posts", post)
        live_server.api(admin, "POST", "zones/lijst0/rooms", {"slug": f"k{n}", "name": f"K{n}"})
        question = {"zone": "lijst0", "title": f"Vraag {n}?", "body": "Wie weet het?"}
        live_server.api(admin, "POST", "questions", question)
        page = {"title": f"Pagina {n}", "body": "Tekst", "base_revision": None}
        live_server.api(admin, "PUT", f"zones/lijst0/pages/Pagina_{n}", page)
    return live_server


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/zones", "#zone-list .zone-card"),
        ("/z/lijst0/blog", ".post-card"),
        ("/z/lijst0/chat", ".chat-rooms li"),
        ("/questions", "#recent-questions .question-row"),
        ("/z/lijst0/wiki/_changes", ".changes li"),
        ("/admin/users", "table tbody tr"),
    ],
)
def test_a_list_pages_on_a_phone_with_a_more_link_that_fits(lists, new_page, path, item):
    page = new_page(viewport=PHONE)
    sign_in(page, lists.url, "admin", PASSWORD)
    page.goto(f"{lists.url}{path}?limit=2")
    assert page.locator(item).count() == 2
    first = page.locator(item).all_inner_texts()
    more = page.locator("a[rel=next]").last
    assert more.is_visible()
    box = more.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    more.click()
    page.wait_for_url("**cursor=**")
    assert "limit=2" in page.url
    following = page.locator(item).all_inner_texts()
    assert 0 < len(following) <= 2 and not set(following) & set(first)
