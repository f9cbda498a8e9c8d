"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Missing Chromium is a failure, not a skip: CI installs it in .ci/run.
"""

from __future__ import annotations

import os

import pytest
import requests

DEMO_PASSWORD = "demo-wachtwoord"
CHROMIUM = os.environ.get("IZ_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"Chromium missing at {CHROMIUM}: apt-get install -y chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser):
    """new_page(viewport=...) -> a page in a fresh context (its own cookies); closed afterwards."""
    contexts = []

    def _new(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


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
