"""What the wiki pages cache must follow every save at once: the sidebar's contents list through
creating, renaming and deleting, and the per-revision section count."""

from __future__ import annotations

import re

from tests.support.clients import page_csrf


def _zone_with_page(client):
    token = page_csrf(client.get("/").get_data(as_text=True))
    headers = {"X-CSRFToken": token}
    assert (
        client.post(
            "/api/v1/zones", json={"slug": "winkels", "name": "Winkels"}, headers=headers
        ).status_code
        == 201
    )
    return headers


def _put(client, headers, path, body, base=None, title="Pagina"):
    response = client.put(
        f"/api/v1/zones/winkels/pages/{path}",
        json={"title": title, "body": body, "base_revision": base},
        headers=headers,
    )
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def test_sidebar_shows_created_renamed_and_deleted_pages_at_once(browser_login):
    """Top-level pages: the navigation shows the current page's branch, and the top level is
    part of every branch."""
    ann = browser_login("ann")
    headers = _zone_with_page(ann)
    _put(ann, headers, "Start", "Welkom")
    assert 'wiki/Telling"' not in ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    _put(ann, headers, "Telling", "Open de lade.", title="Telling magazijn")
    sidebar = ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    assert 'href="/z/winkels/wiki/Telling"' in sidebar and "Telling magazijn" in sidebar
    assert (
        ann.post(
            "/api/v1/zones/winkels/pages/Telling/rename",
            json={"path": "Lijst"},
            headers=headers,
        ).status_code
        == 200
    )
    sidebar = ann.get("/z/winkels/wiki/Start").get_data(as_text=True)
    assert 'href="/z/winkels/wiki/Lijst"' in sidebar and 'wiki/Telling"' not in sidebar
    assert ann.delete("/api/v1/zones/winkels/pages/Lijst", headers=headers).status_code in (
        200,
        204,
    )
    assert 'wiki/Lijst"' not in ann.get("/z/winkels/wiki/Start").get_data(as_text=True)


def test_section_count_follows_every_new_revision(browser_login):
    ann = browser_login("ann")
    headers = _zone_with_page(ann)
    _put(ann, headers, "Lang", "# Een\n\ntekst\n")

    def sections():
        html = ann.get("/z/winkels/wiki/Lang").get_data(as_text=True)
        return int(re.search(r'data-sections="(\d+)"', html).group(1))

    assert sections() == 1
    _put(ann, headers, "Lang", "# Een\n\ntekst\n\n## Twee\n\n```\n# geen kop\n```\n", base=1)
    assert sections() == 2
