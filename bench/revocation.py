"""How fast access ends: from the request that takes access away to `access_revoked` on the
socket, with N other sockets in the zone's rooms that the recheck must look at and keep.

One real `innovationzone serve` (eventlet, SQLite) per size; clients are python-socketio over
WebSocket in this process. Baseline in the same run: a chat message's trip from the sender's
ack to a member's socket (the broadcast every recheck ends in). Times are medians of REPEAT.

Run: python bench/revocation.py            (sizes 10 and 100, about a minute)
     python bench/revocation.py --sizes 10 300
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone and test helpers

from tests.conftest import PASSWORD  # noqa: E402
from tests.support.listener import Listener, private_room  # noqa: E402
from tests.support.live import LiveServer  # noqa: E402

REPEAT = 5
ROOMS = 5


def _until(listener: Listener, event: str, count: int, namespace: str = "/chat") -> float:
    """Waits until `listener` has `count` of `event`; the moment it saw it."""
    with listener.changed:
        assert listener.changed.wait_for(lambda: len(listener.got(event, namespace)) >= count, 30)
    return time.perf_counter()


def measure(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        server = LiveServer(Path(data))
        server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
        server.start()
        try:
            return _measure(server, size)
        finally:
            server.stop()


def _measure(server: LiveServer, size: int) -> dict[str, float]:
    admin = {"Authorization": f"Bearer {server.token('admin', PASSWORD)}"}
    api = server.url + "/api/v1"
    first = private_room(server, "bench", ("ann", "bob"))
    rooms = [first]
    for number in range(1, ROOMS):
        made = requests.post(
            f"{api}/zones/bench/rooms",
            json={"slug": f"r{number}", "name": f"R{number}"},
            headers=admin,
            timeout=10,
        )
        rooms.append(made.json()["id"])
    ann_token = server.token("ann", PASSWORD)
    others = [Listener(server.url, token=ann_token) for _ in range(size)]
    for number, listener in enumerate(others):
        listener.call("join", rooms[number % ROOMS])
    sender, watcher = others[0], others[ROOMS]  # both in the first room
    trips, removals, privatised = [], [], []
    for attempt in range(REPEAT):
        before = len(watcher.got("message"))
        body = {"room_id": first, "body": f"hallo {attempt}", "client_msg_id": uuid.uuid4().hex}
        started = time.perf_counter()
        sender.call("send", body)
        trips.append(_until(watcher, "message", before + 1) - started)

        bob = Listener(server.url, token=server.token("bob", PASSWORD))
        bob.call("join", first)
        started = time.perf_counter()
        requests.delete(f"{api}/zones/bench/members/bob", headers=admin, timeout=10)
        removals.append(_until(bob, "access_revoked", 1) - started)
        bob.close()
        requests.post(f"{api}/zones/bench/members", json={"username": "bob"}, headers=admin)

        requests.patch(f"{api}/zones/bench", json={"visibility": "public"}, headers=admin)
        out_user = f"out{attempt}"
        requests.post(
            f"{api}/users", json={"username": out_user, "password": PASSWORD}, headers=admin
        )
        out = Listener(server.url, token=server.token(out_user, PASSWORD))
        out.call("join", first)
        started = time.perf_counter()
        requests.patch(f"{api}/zones/bench", json={"visibility": "private"}, headers=admin)
        privatised.append(_until(out, "access_revoked", 1) - started)
        out.close()
    for listener in others:
        listener.close()
    return {
        "message trip (baseline)": statistics.median(trips),
        "member removed -> access_revoked": statistics.median(removals),
        "zone made private -> access_revoked": statistics.median(privatised),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    sizes = parser.parse_args().sizes
    results = {size: measure(size) for size in sizes}
    names = list(next(iter(results.values())))
    print(f"{'median ms (other sockets in the zone)':40}" + "".join(f"{s:>10}" for s in sizes))
    for name in names:
        print(f"{name:40}" + "".join(f"{results[s][name] * 1000:10.1f}" for s in sizes))


if __name__ == "__main__":
    main()
