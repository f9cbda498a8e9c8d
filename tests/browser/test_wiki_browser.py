"""The wiki in Chromium against the real eventlet server: edit with live preview, save, history,
diff, and resolving a conflict; plus a pathological page that must not stall anyone else."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def api(live_server):
    token = live_server.token("admin", PASSWORD)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    session.post(
        live_server.url + "/api/v1/zones", json={"slug": "winkels", "name": "Winkels"}, timeout=10
    )
    return session


def test_edit_preview_save_history_diff_and_conflict(live_server, api, new_page):
    page = new_page(viewport={"width": 375, "height": 800})
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(live_server.url + "/z/winkels/wiki/Onboarding/Kassa/Checklist")
    page.click("#create-page")
    page.fill("#body", "# Kassa\n\nOpen de **lade**.\n")
    page.click("#tab-preview")  # on a phone the preview is a tab
    page.wait_for_selector("#preview strong:has-text('lade')")
    page.click("#tab-write")
    page.fill("#summary", "eerste versie")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#wiki-body h1:has-text('Kassa')")
    assert page.url.endswith("/z/winkels/wiki/Onboarding/Kassa/Checklist")

    page.click("#edit-page")
    page.fill("#body", "# Kassa\n\nOpen de kassalade.\n")
    page.click("#save")
    page.click("#history-link")
    page.click("#compare")
    assert page.inner_text("#diff ins") == "kassalade"

    # Someone else saves while we edit the same line: we get both versions and resolve.
    page.goto(live_server.url + "/z/winkels/wiki/Onboarding/Kassa/Checklist/edit")
    response = api.put(
        live_server.url + "/api/v1/zones/winkels/pages/Onboarding/Kassa/Checklist",
        json={
            "title": "Checklist",
            "body": "# Kassa\n\nOpen de lade met de sleutel.\n",
            "base_revision": 2,
        },
        timeout=10,
    )
    assert response.status_code == 200
    page.fill("#body", "# Kassa\n\nOpen de lade met de pincode.\n")
    page.click("#save")
    page.wait_for_selector("#conflict")
    assert "met de sleutel" in page.inner_text("#conflict-theirs")
    assert "met de pincode" in page.inner_text("#conflict-yours")
    page.fill("#body", "# Kassa\n\nOpen de lade met de sleutel of de pincode.\n")
    page.click("#save")
    page.wait_for_selector("#wiki-body:has-text('sleutel of de pincode')")
    assert (
        api.get(
            live_server.url + "/api/v1/zones/winkels/pages/Onboarding/Kassa/Checklist", timeout=10
        ).json()["revision"]
        == 4
    )


def test_another_editor_is_shown_live(live_server, api, new_page):
    api.put(
        live_server.url + "/api/v1/zones/winkels/pages/Retourproces",
        json={"title": "Retourproces", "body": "Retouren.", "base_revision": None},
        timeout=10,
    )
    live_server.cli("user", "create", "bob", "--password-stdin", input=PASSWORD + "\n")
    first, second = new_page(), new_page()
    sign_in(first, live_server.url, "admin", PASSWORD)
    sign_in(second, live_server.url, "bob", PASSWORD)
    first.goto(live_server.url + "/z/winkels/wiki/Retourproces/edit")
    second.goto(live_server.url + "/z/winkels/wiki/Retourproces/edit")
    first.wait_for_selector("#editing-now:has-text('bob')")
    second.wait_for_selector("#editing-now:has-text('admin')")


def test_pathological_markdown_does_not_stall_other_requests(live_server, api):
    url = live_server.url + "/api/v1/zones/winkels/pages/Haken"
    slow = {}

    def save():
        slow["response"] = api.put(
            url, json={"title": "Haken", "body": "[a" * 8000, "base_revision": None}, timeout=60
        )

    thread = threading.Thread(target=save)
    thread.start()
    others = [
        api.get(live_server.url + "/api/v1/zones/winkels/pages", timeout=10) for _ in range(3)
    ]
    still_rendering = thread.is_alive()
    thread.join(60)
    assert all(response.status_code == 200 for response in others)
    assert still_rendering, (
        "the other requests should have been answered while the page was rendering"
    )
    assert slow["response"].status_code == 201
    assert 'class="render-fallback"' in slow["response"].json()["html"]
