"""Browser tests' helpers: signing in, waiting, the demo organisation's server. The Chromium
fixtures themselves (`browser`, `new_page`) are in tests/support/browser.py, registered once for
the whole suite so every folder shares one Playwright instance."""

from __future__ import annotations

import pytest
import requests

DEMO_PASSWORD = "demo-wachtwoord"


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """page.wait_for_function without its in-page polling, which evaluates strings and so is
    refused by our CSP (no 'unsafe-eval') whenever the first check is not yet true."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true within {timeout}s: {expression}"
        page.wait_for_timeout(50)


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#submit")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo organisation on a real server, shared by the browser tests that only read it or
    add their own pages: every kind of page with realistic content, a second revision too."""
    from tests.support.live import LiveServer

    server = LiveServer(tmp_path_factory.mktemp("demo"))
    server.cli("demo")
    server.start()
    token = server.token("chantal", DEMO_PASSWORD)

    url = server.url + "/api/v1/zones/kassa-vernieuwing/pages/Onboarding/Kassa/Checklist"
    page = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    requests.put(
        url,
        json={
            "title": page["title"],
            "body": page["body"].replace("Voor elke winkel", "Voor iedere winkel"),
            "base_revision": page["revision"],
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).raise_for_status()
    yield server
    server.stop()
