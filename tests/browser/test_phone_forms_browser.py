"""Forms on a phone (390 px): every field is as tall and as easy to tap as a text field, the
number, date and e-mail fields too, and a page's review settings lead back to the page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REVIEW = "/z/omnichannel/wiki/Openingstijden/review"
FIELDS = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), select"


@pytest.mark.parametrize("path", [REVIEW, "/profile", "/topics/click-en-collect"])
def test_every_field_is_a_full_size_tap_target(demo_server, new_page, path):
    page = new_page(viewport=PHONE, locale="nl-NL")
    sign_in(page, demo_server.url, "anouk", DEMO_PASSWORD)
    page.goto(demo_server.url + path)
    heights = page.eval_on_selector_all(
        "main " + FIELDS,
        """fields => fields.filter(f => f.offsetParent !== null)
            .map(f => [f.name || f.id, f.type, f.getBoundingClientRect().height])""",
    )
    text_height = max(h for _name, kind, h in heights if kind == "text")
    assert text_height >= 24
    assert [(name, kind, h) for name, kind, h in heights if h < 0.9 * text_height] == []


def test_review_settings_lead_back_to_the_page(demo_server, new_page):
    page = new_page(viewport=PHONE, locale="nl-NL")
    sign_in(page, demo_server.url, "anouk", DEMO_PASSWORD)
    page.goto(demo_server.url + REVIEW)
    page.get_by_role("navigation", name="Kruimelpad").get_by_role(
        "link", name="Openingstijden en feestdagen"
    ).click()
    page.wait_for_url("**/z/omnichannel/wiki/Openingstijden")
