"""Chat fan-out benchmark: innovationzone vs a bare Flask-SocketIO broadcast server.

Both run as subprocesses on eventlet on this machine; the clients (python-socketio over
WebSocket, green threads) run in this process. For N = 10, 100, 500 clients in one room one
extra client sends as fast as acks allow (20 in flight): delivered messages per second
(messages x receivers / time) and end-to-end latency p50/p99 (send to receipt, one clock).
Then 20 messages/second into 100 clients (p99), and 1,000 idle connections on one process.

The app runs with its per-user rate limit lifted (one sender, as fast as possible); everything
else is the real thing: token auth, permission checks, Markdown, an fsync'd SQLite commit per
message, presence rows. Run: python bench/chat.py   (about 3-4 minutes)
Part of it: python bench/chat.py --sizes 100 --skip-idle   (N = 100 and the 20 msg/s test)
"""

from __future__ import annotations

import os
import sys
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import socketio  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone, not an installed one
NS = "/chat"
WINDOW = 20


def serve_bare(port: int) -> None:
    from flask import Flask
    from flask_socketio import SocketIO, emit, join_room

    app = Flask(__name__)
    io = SocketIO(app, async_mode="eventlet", logger=False, engineio_logger=False)

    @io.on("join", namespace=NS)
    def join(_room):  # noqa: ANN001
        join_room("room")
        return {"ok": True}

    @io.on("send", namespace=NS)
    def send(data):  # noqa: ANN001
        emit("message", data, to="room")
        return {"ok": True}

    io.run(app, port=port, log_output=False)


def serve_app(port: int, data_dir: str) -> None:
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.services import create_user
    from innovationzone.app import create_app
    from innovationzone.chat.room_services import create_zone_room
    from innovationzone.cli import prepare_storage
    from innovationzone.extensions import socketio as io
    from innovationzone.zones.services import create_zone

    app = create_app({"IZ_DATA_DIR": data_dir, "CHAT_RATE_LIMIT": (1e6, 10**6)})
    with app.app_context():
        prepare_storage()
        user = create_user(
            None, {"username": "bench", "password": "bench-password", "is_admin": True}
        )
        create_zone(user, {"slug": "bench", "name": "Bench"})
        room = create_zone_room(user, "bench", {"slug": "room", "name": "Room"})
        setup = {"room": room.id, "token": create_token(user, "bench")[1]}
    (Path(data_dir) / "bench.json").write_text(json.dumps(setup))
    io.run(app, port=port, log_output=False)


class Server:
    def __init__(self, kind: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.kind, self.url = kind, f"http://127.0.0.1:{self.port}"
        self.data = tempfile.mkdtemp()
        args = [str(self.port)] + ([self.data] if kind == "app" else [])
        self.process = subprocess.Popen(
            [sys.executable, __file__, f"serve-{kind}", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.room, self.token = 1, ""
        for _ in range(300):
            time.sleep(0.1)
            setup = Path(self.data) / "bench.json"
            if kind == "app" and not setup.exists():
                continue
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
            except OSError:
                continue
            if kind == "app":
                found = json.loads(setup.read_text())
                self.room, self.token = found["room"], found["token"]
            return
        raise RuntimeError(f"{kind} server did not start")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class Room:
    """N receivers and one sender connected to a server's room."""

    def __init__(self, server: Server, n: int) -> None:
        self.server, self.latencies, self.delivered = server, [], 0
        self.last_arrival = 0.0
        self.clients = [self._client(receiver=True) for _ in range(n)]
        self.sender = self._client(receiver=False)

    def _client(self, receiver: bool) -> socketio.Client:
        client = socketio.Client(reconnection=False)
        if receiver:
            client.on("message", self._arrived, namespace=NS)
        client.connect(
            self.server.url,
            namespaces=[NS],
            transports=["websocket"],
            auth={"token": self.server.token},
            wait_timeout=30,
        )
        assert client.call("join", self.server.room, namespace=NS, timeout=60)["ok"]
        return client

    def _arrived(self, data: dict) -> None:
        now = time.perf_counter()
        self.latencies.append(now - float(data["body"].split()[1]))
        self.delivered += 1
        self.last_arrival = now

    def send(self, count: int, rate: float | None = None) -> float:
        """Sends `count` messages (paced at `rate`/s, or as fast as a window of acks allows)."""
        window = eventlet.semaphore.Semaphore(WINDOW)
        started = time.perf_counter()
        for i in range(count):
            if rate:
                eventlet.sleep(max(0.0, started + i / rate - time.perf_counter()))
            window.acquire()
            body = f"bench {time.perf_counter():.6f} {i}"
            self.sender.emit(
                "send",
                {"room_id": self.server.room, "body": body, "client_msg_id": f"{started}-{i}"},
                namespace=NS,
                callback=lambda *_: window.release(),
            )
        return started

    def wait(self, expected: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.delivered < expected and time.monotonic() < deadline:
            eventlet.sleep(0.05)

    def close(self) -> None:
        pool = eventlet.GreenPool(100)
        for client in [*self.clients, self.sender]:
            pool.spawn(client.disconnect)
        pool.waitall()


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else float("nan")


def throughput(server: Server, n: int) -> dict:
    room = Room(server, n)
    count = max(20, 3000 // n)
    started = room.send(count)
    room.wait(count * n)
    elapsed = room.last_arrival - started
    room.close()
    return {
        "rate": room.delivered / elapsed,
        "p50": pct(room.latencies, 50),
        "p99": pct(room.latencies, 99),
        "lost": count * n - room.delivered,
    }


def paced(server: Server) -> dict:
    room = Room(server, 100)
    room.send(100, rate=20)
    room.wait(100 * 100)
    room.close()
    return {
        "p50": pct(room.latencies, 50),
        "p99": pct(room.latencies, 99),
        "lost": 10000 - room.delivered,
    }


def idle(server: Server, n: int = 1000) -> dict:
    started = time.perf_counter()
    room = Room(server, n)
    connect_s = time.perf_counter() - started
    eventlet.sleep(2)
    room.send(1)
    room.wait(n)
    result = {"connect_s": connect_s, "delivered": room.delivered, "rss": server.rss_mb()}
    room.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,500", help="room sizes N, comma-separated")
    parser.add_argument(
        "--skip-idle", action="store_true", help="leave out the 1,000 idle connections"
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    rows = {}
    for kind in ("bare", "app"):
        server = Server(kind)
        try:
            rows[kind] = {}
            for n in sizes:
                rows[kind][n] = throughput(server, n)
                print(kind, n, rows[kind][n], file=sys.stderr)
            rows[kind]["paced"] = paced(server)
            print(kind, "paced", rows[kind]["paced"], file=sys.stderr)
            if not args.skip_idle:
                rows[kind]["idle"] = idle(server)
        finally:
            server.stop()
        print(f"{kind} done", file=sys.stderr)
    print(
        f"eventlet on both servers; {os.cpu_count()} CPU cores shared with the clients in one process\n"
    )
    print("| server | N | delivered msg/s | p50 ms | p99 ms | lost |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ("bare", "app"):
        for n in sizes:
            r = rows[kind][n]
            print(
                f"| {kind} | {n} | {r['rate']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['lost']} |"
            )
    for n in sizes:
        print(
            f"\napp/bare delivered throughput at N={n}: {rows['app'][n]['rate'] / rows['bare'][n]['rate']:.0%}",
            end="",
        )
    print(
        "\n\n| server | 20 msg/s into 100 clients: p50 ms | p99 ms | lost | 1,000 idle: connect+join s | delivered | RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("bare", "app"):
        p = rows[kind]["paced"]
        i = rows[kind].get(
            "idle", {"connect_s": float("nan"), "delivered": "-", "rss": float("nan")}
        )
        print(
            f"| {kind} | {p['p50']:.1f} | {p['p99']:.1f} | {p['lost']} | {i['connect_s']:.1f} | {i['delivered']}/1000 "
            f"| {i['rss']:.0f} |"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve-bare"]:
        serve_bare(int(sys.argv[2]))
    elif sys.argv[1:2] == ["serve-app"]:
        serve_app(int(sys.argv[2]), sys.argv[3])
    else:
        main()
