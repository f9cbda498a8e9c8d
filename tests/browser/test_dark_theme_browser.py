"""The dark theme follows the reader's system setting (prefers-color-scheme): dark surfaces,
light text, and code coloured by the dark half of /code.css, each colour keeping 4.5:1 (axe)."""

from __future__ import annotations

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DEMO_PASSWORD, sign_in
from tests.browser.test_accessibility_browser import _serious

pytestmark = pytest.mark.browser

BODY = """\
# Donker

```python
def open_lade(kassa):  # eerst tellen
    return kassa.lade.open("2 euro", 10)
```

!!! warning "Let op"
    Pas uitzetten na de dagafsluiting.

Gebruik `lade.open()` alleen na het tellen.
"""
PAGE = "/z/omnichannel/wiki/Donker"


@pytest.fixture(scope="module")
def code_page(demo_server):
    """A page with highlighted code, an admonition and inline code in the demo's public zone."""
    token = demo_server.token("anouk", DEMO_PASSWORD)
    response = requests.put(
        demo_server.url + "/api/v1/zones/omnichannel/pages/Donker",
        json={"title": "Donker", "body": BODY, "base_revision": None},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code in (200, 201)
    return demo_server


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of a computed `rgb(r, g, b)` colour."""
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _colours(page) -> dict:
    return page.evaluate(
        """() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        return {
            background: style('body').backgroundColor,
            text: style('#wiki-body p').color,
            code: style('.highlight pre').backgroundColor,
            keyword: style('.highlight .k').color,
            comment: style('.highlight .c1').color,
        };
    }"""
    )


def test_dark_scheme_turns_pages_and_code_dark_with_enough_contrast(code_page, new_page):
    light, dark = (
        new_page(viewport={"width": 1366, "height": 900}, locale="nl", color_scheme=scheme)
        for scheme in ("light", "dark")
    )
    seen = {}
    for scheme, page in (("light", light), ("dark", dark)):
        sign_in(page, code_page.url, "chantal", DEMO_PASSWORD)
        page.goto(code_page.url + PAGE)
        seen[scheme] = _colours(page)
    assert _luminance(seen["light"]["background"]) > 0.8
    assert _luminance(seen["dark"]["background"]) < 0.02
    assert _luminance(seen["dark"]["text"]) > 0.7 and _luminance(seen["dark"]["code"]) < 0.03
    # the dark style's own token colours, not the light ones on a dark ground
    assert seen["dark"]["keyword"] != seen["light"]["keyword"]
    assert seen["dark"]["comment"] != seen["light"]["comment"]
    assert seen["dark"]["keyword"] != seen["dark"]["text"]
    assert _serious(Axe(), dark) == []
