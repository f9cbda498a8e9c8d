"""Two eventlet server processes on one SQLite file with its FTS5 index: pages saved through
both at once are all found through either, each in its latest version (the indexers of the two
processes write to one index under SQLite's one writer lock)."""

from __future__ import annotations

import threading
import time

import requests

from tests.conftest import PASSWORD
from tests.support.live import LiveServer


def test_saves_through_two_processes_are_all_found_through_either(tmp_path):
    first = LiveServer(tmp_path)
    first.cli("user", "create", "ann", "--password-stdin", "--admin", input=PASSWORD + "\n")
    second = LiveServer(tmp_path)  # the same folder: one database, one generated secret key
    second.log_path = tmp_path / "second.log"
    servers = [first.start(), second.start()]
    try:
        headers = {"Authorization": f"Bearer {first.token('ann', PASSWORD)}"}
        zones = first.url + "/api/v1/zones"
        assert requests.post(zones, json={"slug": "dc", "name": "DC"}, headers=headers).ok

        def save(server: LiveServer, n: int) -> None:
            for version in ("eerste", "tweede"):
                page = server.url + f"/api/v1/zones/dc/pages/P{n}"
                current = requests.get(page, headers=headers, timeout=10)
                base = current.json()["revision"] if current.ok else None
                body = {"title": f"P{n}", "body": f"walvissen {version}", "base_revision": base}
                assert requests.put(page, json=body, headers=headers, timeout=10).ok

        savers = [threading.Thread(target=save, args=(servers[n % 2], n)) for n in range(8)]
        for saver in savers:
            saver.start()
        for saver in savers:
            saver.join()
        wanted = {f"/z/dc/wiki/P{n}" for n in range(8)}
        for server in servers:
            deadline = time.monotonic() + 15  # a bound for a busy machine
            while time.monotonic() < deadline:
                answer = requests.get(
                    server.url + "/api/v1/search",
                    params={"q": "walvis tweede", "limit": 50},
                    headers=headers,
                    timeout=10,
                ).json()
                latest = {hit["url"] for hit in answer["results"] if "tweede" in hit["snippet"]}
                if latest == wanted and answer["total"] == 8:
                    break
                time.sleep(0.05)
            assert latest == wanted and answer["total"] == 8
    finally:
        for server in servers:
            server.stop()
