"""In Chromium against the real server (eventlet, the outbox drained in the background as in
production): someone types a chat room's name into the header's search box, finds the room
itself, labelled as a room, and opens it; renamed, the open room page shows the new name at once
and search finds it by that name."""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import sign_in, wait_until
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_room_is_found_by_its_name_from_the_header_and_opened(live_server, new_page):
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {live_server.token('admin', PASSWORD)}"
    base = live_server.url + "/api/v1/"
    api.post(base + "zones", json={"slug": "winkels", "name": "Winkels"}, timeout=10)
    room = api.post(
        base + "zones/winkels/rooms",
        json={"slug": "balie", "name": "Retourbalie", "description": "Pakketten terug"},
        timeout=10,
    ).json()
    page = new_page()
    sign_in(page, live_server.url, "admin", PASSWORD)

    def found(words: str) -> list[tuple[str, str]]:
        """Searches from the header box; the background drain indexes within moments of the
        commit, so an empty page is asked again a few times before it counts."""
        page.fill("#q", words)
        page.press("#q", "Enter")
        page.wait_for_url(lambda url: "/search?" in url)
        for _attempt in range(20):
            if page.locator(".search-results li").count():
                break
            page.wait_for_timeout(250)
            page.reload()
        hits = page.locator(".search-results li")
        return [
            (hits.nth(n).locator(".tag").inner_text(), hits.nth(n).locator("h2 a").inner_text())
            for n in range(hits.count())
        ]

    assert found("retourbalie") == [("chat room", "Retourbalie")]
    page.locator(".search-results h2 a").first.click()
    page.wait_for_url(lambda url: url.endswith(f"/chat/{room['id']}"))
    wait_until(page, "document.querySelector('#room-name').textContent.includes('Retourbalie')")
    page.wait_for_selector("#chat-status:has-text('Connected')")

    changed = {"name": "Ruilpunt", "description": "Ruilen zonder bon"}
    api.patch(base + f"rooms/{room['id']}", json=changed, timeout=10).raise_for_status()
    # The open room page follows at once: its title, what the room is for, the tab's name.
    wait_until(page, "document.getElementById('room-title').textContent === 'Ruilpunt'")
    assert page.inner_text("#room-description") == "Ruilen zonder bon"
    assert page.title().startswith("Ruilpunt")
    assert found("ruilpunt") == [("chat room", "Ruilpunt")]
    assert found("retourbalie") == []
