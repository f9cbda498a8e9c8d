"""The caching and compression headers over real HTTP from `innovationzone serve` (eventlet),
as a browser meets them: gzip on the wire, 304 on revalidation, year-long static files."""

from __future__ import annotations

import re

import requests

from tests.conftest import PASSWORD


def test_the_real_server_compresses_revalidates_and_caches_static_files(live_server):
    api = requests.Session()
    token = live_server.token("admin", PASSWORD)
    api.headers["Authorization"] = f"Bearer {token}"
    base = live_server.url
    assert api.post(f"{base}/api/v1/zones", json={"slug": "live", "name": "Live"}).ok
    body = "## Kassa\n\nDe kassa opent om negen uur. " * 300
    page = {"title": "Kassa", "body": body, "base_revision": None}
    assert api.put(f"{base}/api/v1/zones/live/pages/Kassa", json=page).status_code == 201

    view = api.get(f"{base}/z/live/wiki/Kassa", headers={"Accept-Encoding": "gzip"}, stream=True)
    wire = view.raw.read()  # the bytes as sent, before requests would decompress them
    assert view.headers["Content-Encoding"] == "gzip" and len(wire) < 20_000

    url = f"{base}/api/v1/zones/live/pages/Kassa"
    first = api.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    again = api.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""

    html = api.get(f"{base}/z/live/wiki/Kassa").text
    asset = re.search(r'src="(/static/[^"?]+\?v=[0-9a-f]+)"', html).group(1)
    static = requests.get(base + asset)
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
