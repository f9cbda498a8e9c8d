"""The deployment tests drive Chromium through nginx too: the browser fixtures, shared."""

from tests.browser.conftest import browser, new_page  # noqa: F401 - fixtures used by name
