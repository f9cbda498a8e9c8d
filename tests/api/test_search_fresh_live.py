"""On the real server, on both engines, a saved wiki page becomes searchable by itself: the
outbox is drained in the background right after the commit (no request waits for the index)."""

from __future__ import annotations

import time

import requests

from tests.conftest import PASSWORD
from tests.support.live import LiveServer


def found(server: LiveServer, headers: dict, query: str) -> list[str]:
    response = requests.get(
        server.url + "/api/v1/search", params={"q": query}, headers=headers, timeout=5
    )
    assert response.status_code == 200, response.text
    return [hit["url"] for hit in response.json()["results"]]


def test_a_saved_page_is_found_soon_after(app, backend, tmp_path):
    env = {"IZ_SEARCH_BACKEND": app.config["IZ_SEARCH_BACKEND"]}
    if backend == "postgres":
        env["IZ_DATABASE_URL"] = app.config["IZ_DATABASE_URL"]
    server = LiveServer(tmp_path, env=env)
    server.cli("user", "create", "ann", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    try:
        headers = {"Authorization": f"Bearer {server.token('ann', PASSWORD)}"}
        url = server.url + "/api/v1/zones"
        assert requests.post(url, json={"slug": "dc", "name": "DC"}, headers=headers).ok
        saved = requests.put(
            url + "/dc/pages/Walvissen",
            json={"title": "Walvissen", "body": "Walvissen in het magazijn", "base_revision": None},
            headers=headers,
            timeout=5,
        )
        assert saved.status_code == 201
        deadline = time.monotonic() + 15  # a bound for a busy machine, not the promise (1 s)
        while not (hits := found(server, headers, "walvis")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert hits == ["/z/dc/wiki/Walvissen"]
    finally:
        server.stop()
