"""In Chromium: first-admin setup from the console link, sign out and in, create a zone, see it;
and the header on a 375 px phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.live import LiveServer


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("fresh")).start()
    yield server
    server.stop()


def test_setup_login_create_zone(fresh_server, new_page):
    link = re.search(r"Create the first admin account at: (\S+)", fresh_server.log()).group(1)
    page = new_page()
    page.goto(link)
    page.fill("#username", "anouk")
    page.fill("#display_name", "Anouk de Vries")
    page.fill("#department", "Marketing")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("#submit")
    page.wait_for_url(fresh_server.url + "/")
    assert "Anouk de Vries" in page.inner_text(".user-menu summary")

    page.click(".user-menu summary")
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"))
    sign_in(page, fresh_server.url, "anouk", PASSWORD)

    page.click("#new-zone")
    page.fill("#name", "Omnichannel klantreis")
    page.fill("#slug", "omnichannel")
    page.fill("#description", "Van webshop tot winkelvloer")
    page.check("input[value=private]")
    page.click("#submit")
    page.wait_for_url(fresh_server.url + "/z/omnichannel")
    assert page.inner_text("#zone-name").startswith("Omnichannel klantreis")
    page.goto(fresh_server.url + "/")
    assert "Omnichannel klantreis" in page.inner_text("#zone-list")
    page.click(".zones-menu summary")
    assert page.is_visible(".zones-menu >> text=Omnichannel klantreis")


def test_phone_layout_has_a_working_menu(fresh_server, new_page):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    sign_in(page, fresh_server.url, "anouk", PASSWORD)
    assert not page.is_visible("#main-nav")  # folded away on a phone
    page.click(".menu-toggle")
    assert page.is_visible("#main-nav") and page.is_visible("#q")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(fresh_server.data_dir / "phone.png"), full_page=True)


def test_no_console_errors_or_csp_violations(fresh_server, new_page):
    page = new_page()
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, fresh_server.url, "anouk", PASSWORD)
    page.goto(fresh_server.url + "/profile")
    assert errors == []
