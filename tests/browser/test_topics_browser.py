"""In Chromium on a 390 px phone against the real server: a curator creates a topic choosing
its owner with the people picker, adds a wiki page through the search-as-you-type content
picker, and a colleague asks a question on the topic that lands with the owner."""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def api(live_server):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {live_server.token('admin', PASSWORD)}"
    base = live_server.url + "/api/v1/"
    for name, display, department in (
        ("ilse", "Ilse de Winkel", "Winkels"),
        ("mees", "Mees Bakker", "Logistiek"),
    ):
        session.post(
            base + "users",
            json={
                "username": name,
                "password": PASSWORD,
                "display_name": display,
                "department": department,
            },
            timeout=10,
        )
    session.post(base + "zones", json={"slug": "kassa", "name": "Kassa"}, timeout=10)
    session.put(
        base + "zones/kassa/pages/Kassa_openen",
        json={"title": "Kassa openen", "body": "Eerst de lade.", "base_revision": None},
        timeout=10,
    )
    return session


def _fits_the_phone(page) -> bool:  # noqa: ANN001 - a Playwright page
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_curator_creates_a_topic_with_the_pickers_and_a_question_reaches_the_owner(
    live_server, api, new_page
):
    page = new_page(viewport=PHONE)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(live_server.url + "/topics")
    page.fill("#title", "Kassaproces")
    page.fill("#slug", "kassaproces")
    page.locator("#owner").press_sequentially("winkel")
    suggestion = page.locator("datalist option[value=ilse]")
    suggestion.wait_for(state="attached")
    assert suggestion.get_attribute("label") == "Ilse de Winkel · Winkels"
    page.fill("#owner", "ilse")
    page.click("#submit")
    page.wait_for_url(live_server.url + "/topics/kassaproces")
    assert "Ilse de Winkel" in page.inner_text("#topic-owner")
    assert _fits_the_phone(page)

    page.locator("#topic-co_owners").press_sequentially("ilse mee")  # a list: the last name
    page.locator("datalist option[value='ilse, mees']").wait_for(state="attached")

    page.locator("#query").press_sequentially("kassa op")
    result = page.locator(".picker-result", has_text="Kassa openen")
    result.click()
    assert page.input_value("input[name=type]") == "page"
    page.click("#add-item [type=submit]")
    page.wait_for_url(live_server.url + "/topics/kassaproces")
    assert "Kassa openen" in page.inner_text("#items-page")

    colleague = new_page(viewport=PHONE)
    sign_in(colleague, live_server.url, "mees", PASSWORD)
    colleague.goto(live_server.url + "/topics/kassaproces")
    colleague.click("#ask-question")
    colleague.fill("#title", "Wie telt de lade na?")
    colleague.fill("#body", "Aan het eind van de dag.")
    colleague.click("#ask-form [type=submit]")
    colleague.wait_for_url(lambda url: "/questions/" in url and "/new" not in url)
    assert "Ilse de Winkel" in colleague.inner_text("main")
    assert _fits_the_phone(colleague)

    owner = new_page(viewport=PHONE)
    sign_in(owner, live_server.url, "ilse", PASSWORD)
    owner.goto(live_server.url + "/questions")
    assert "Wie telt de lade na?" in owner.inner_text("#my-questions")
    assert _fits_the_phone(owner)
