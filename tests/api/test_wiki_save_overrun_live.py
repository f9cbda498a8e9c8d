"""The real eventlet server: a page whose Markdown overruns the render time limit is saved with
its text shown escaped, while saves beside it render normally in a worker that stays. One slow
text never restarts the renderers of everyone else, and the server still stops cleanly."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.conftest import PASSWORD
from tests.support.live import LiveServer


def render_workers(server: LiveServer) -> set[int]:
    """The server's render worker processes (spawned children), by process id."""
    assert server.process is not None
    workers = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):  # not a process, or it ended meanwhile
            continue
        if int(stat[1]) == server.process.pid and b"spawn_main" in command:
            workers.add(int(entry.name))
    return workers


def wait_for(check, limit: float = 60.0):  # noqa: ANN001 - any callable
    """Poll until `check()` is truthy (a condition to wait for, not a timing to assert)."""
    deadline = time.monotonic() + limit
    while not (answer := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return answer


def test_an_overrunning_page_costs_only_its_own_save(live_server):
    api = requests.Session()
    api.headers["Authorization"] = "Bearer " + live_server.token("admin", PASSWORD)
    base = live_server.url + "/api/v1/zones"
    assert api.post(base, json={"slug": "traag", "name": "Traag"}, timeout=30).ok

    def save(path: str, body: str) -> requests.Response:
        return api.put(
            f"{base}/traag/pages/{path}", json={"body": body, "base_revision": None}, timeout=60
        )

    assert save("Eerst", "*warm*").status_code == 201
    before = wait_for(lambda: len(workers := render_workers(live_server)) == 2 and workers)
    assert before, "the server starts two render workers"

    normal = []
    with ThreadPoolExecutor(1) as other:
        slow = other.submit(save, "Haken", "[a" * 8000)
        while not normal or not slow.done():  # at least one save, and more while it overruns
            normal.append(save(f"Gewoon_{len(normal)}", "Dit is *gewoon* tekst."))
        overran = slow.result()

    assert overran.status_code == 201  # saved: the text is kept, shown escaped for now
    assert overran.json()["html"].startswith('<pre class="render-fallback">')
    assert [r.status_code for r in normal] == [201] * len(normal)
    assert all("<em>gewoon</em>" in r.json()["html"] for r in normal)
    after = wait_for(lambda: len(workers := render_workers(live_server)) == 2 and workers)
    assert len(before & after) == 1  # the worker rendering the other saves kept running
    gone = before - after
    assert not any(os.path.exists(f"/proc/{pid}") for pid in gone)  # the overrun one was killed
