"""Chat load from several client processes, so the clients are not what the benchmark measures.

One Python process holding hundreds of python-socketio clients tops out near 3,000 deliveries a
second on this machine whatever the server does; spread over processes the bare Flask-SocketIO
server reaches its own limit. Used by bench/chat.py and bench/scale.py.

    fleet = Fleet(url, token, room_id, clients=100, processes=4)   # connect + join, timed
    sender = Sender(url, token, room_id); sender.send(100, rate=20)
    result = fleet.finish(expected_per_client=100)                  # deliveries, latencies

Every message body carries its send time (time.time(): one clock on one machine), so each
receiver process measures end-to-end latency itself and reports it when told to finish.
A worker is `python bench/chatload.py receive URL TOKEN ROOM N [HISTORY]`: with HISTORY its
clients join with `{"room_id": ROOM, "history": HISTORY}` (how many of the latest messages the
ack carries; the app's option, default 50), else with the bare room id as the contract says.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

NS = "/chat"
HERE = Path(__file__).resolve()


def pct(values: list[float], q: int) -> float:
    """The q-th percentile in milliseconds."""
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100)[q - 1] * 1000


@dataclass
class FleetResult:
    delivered: int = 0
    latencies: list[float] = field(default_factory=list)
    last_arrival: float = 0.0
    connect_seconds: float = 0.0


class Fleet:
    """`clients` receivers in `room` spread over `processes` worker processes (joining with
    `history`, if given)."""

    def __init__(
        self,
        url: str,
        token: str,
        room: int,
        clients: int,
        processes: int,
        history: int | None = None,
    ) -> None:
        started = time.time()
        shares = [clients // processes + (i < clients % processes) for i in range(processes)]
        extra = [] if history is None else [str(history)]
        self.workers = [
            subprocess.Popen(
                [sys.executable, str(HERE), "receive", url, token, str(room), str(n), *extra],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in shares
            if n
        ]
        for worker in self.workers:
            line = worker.stdout.readline()
            if not line.startswith("READY"):
                raise RuntimeError(f"a receiver process failed: {line!r}")
        self.connect_seconds = time.time() - started

    def finish(self, expected_per_client: int, timeout: float = 60) -> FleetResult:
        """Wait until every client has `expected_per_client` messages (or timeout); collect."""
        result = FleetResult(connect_seconds=self.connect_seconds)
        for worker in self.workers:
            worker.stdin.write(f"{expected_per_client} {timeout}\n")
            worker.stdin.flush()
        for worker in self.workers:
            report = json.loads(worker.stdout.readline())
            worker.wait(30)
            result.delivered += report["delivered"]
            result.latencies += report["latencies"]
            result.last_arrival = max(result.last_arrival, report["last"])
        return result


class Sender:
    """One client that sends, as fast as a window of acknowledgements allows or paced."""

    def __init__(self, url: str, token: str, room: int, window: int = 20) -> None:
        import socketio

        self.room, self.window = room, threading.BoundedSemaphore(window)
        self.client = socketio.Client(reconnection=False, request_timeout=60)
        self.client.connect(
            url, namespaces=[NS], transports=["websocket"], auth={"token": token}, wait_timeout=30
        )
        ack = self.client.call("join", room, namespace=NS, timeout=60)
        assert ack["ok"], ack
        self.failed = 0

    def _acked(self, ack: dict | None = None) -> None:
        if not (ack or {}).get("ok"):
            self.failed += 1
        self.window.release()

    def send(self, count: int, rate: float | None = None) -> float:
        """Send `count` messages; answers when the first was sent (time.time())."""
        started = time.time()
        for i in range(count):
            if rate:
                time.sleep(max(0.0, started + i / rate - time.time()))
            self.window.acquire()
            self.client.emit(
                "send",
                {
                    "room_id": self.room,
                    "body": f"bench {time.time():.6f} {i}",
                    "client_msg_id": f"{started}-{i}",
                },
                namespace=NS,
                callback=self._acked,
            )
        return started

    def close(self) -> None:
        self.client.disconnect()


def _receive(url: str, token: str, room: int, count: int, history: int | None) -> None:
    """A worker: connect `count` clients, say READY, count messages, report when told."""
    import warnings

    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    import eventlet.tpool

    eventlet.monkey_patch()
    import socketio

    latencies: list[float] = []
    received = [0] * count
    last = [0.0]

    def client(n: int) -> socketio.Client:
        sio = socketio.Client(reconnection=False, request_timeout=60)

        def arrived(data: dict) -> None:
            now = time.time()
            latencies.append(now - float(data["body"].split()[1]))
            received[n] += 1
            last[0] = now

        sio.on("message", arrived, namespace=NS)
        sio.connect(
            url, namespaces=[NS], transports=["websocket"], auth={"token": token}, wait_timeout=60
        )
        joining = room if history is None else {"room_id": room, "history": history}
        assert sio.call("join", joining, namespace=NS, timeout=120)["ok"]
        return sio

    pool = eventlet.GreenPool(20)
    clients = list(pool.imap(client, range(count)))
    print("READY", flush=True)
    # A plain readline would block this process's eventlet hub, so no message would be
    # received (and timed) until the sender had finished: read on a real thread instead.
    expected, timeout = eventlet.tpool.execute(sys.stdin.readline).split()
    deadline = time.time() + float(timeout)
    while min(received) < int(expected) and time.time() < deadline:
        eventlet.sleep(0.02)
    print(json.dumps({"delivered": sum(received), "latencies": latencies, "last": last[0]}))
    sys.stdout.flush()
    for sio in clients:
        pool.spawn(sio.disconnect)
    pool.waitall()
    os._exit(0)  # clients' background threads need not wind down


if __name__ == "__main__":
    if sys.argv[1:2] == ["receive"]:
        history = int(sys.argv[6]) if len(sys.argv) > 6 else None
        _receive(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), history)
