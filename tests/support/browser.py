"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright: one browser for the whole
session, shared by tests/browser and tests/deploy (two Playwright instances in one process fail).

Missing Chromium is a failure, not a skip: CI installs it in .ci/run.
"""

from __future__ import annotations

import os

import pytest

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
