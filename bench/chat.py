"""Chat fan-out benchmark: innovationzone vs a bare Flask-SocketIO broadcast server.

Both run as subprocesses on eventlet; the receivers are spread over several client processes
(bench/chatload.py), so the server, not the clients, sets the pace. For N = 100 (and whatever
--sizes says) receivers in one room one extra client sends as fast as acks allow (20 in flight):
delivered messages per second (messages x receivers / time) and end-to-end latency p50/p99
(send to receipt, one clock). Then 20 messages/second into 100 clients (p99), and 1,000
sockets connecting and joining a room that has a history (seconds, on one server process, and
the server's own CPU seconds meanwhile: on a shared machine the wall time moves with the load,
the server's CPU much less).

Like for like? Not quite, and the table says so: the bare server's join only joins (no sign-in,
no access check, no history), while each app join is checked and its ack carries the room's 50
latest messages (about 30 KB here). So the app's 1,000 sockets connect twice: joining as the
contract says (history) and joining with `{"room_id": n, "history": 0}` (the app's option for
a client that has the messages already): the second row is the app's own cost of a checked join
beside bare's, the first adds what sending the history costs.

The app runs with its per-user rate limit lifted (one sender, as fast as possible); everything
else is the real thing: token auth, permission checks, Markdown, an fsync'd SQLite commit per
message, presence. Run: python bench/chat.py  [--sizes 100,500] [--receivers 4] [--skip-idle]
[--phases throughput,paced,idle] (e.g. `--phases idle`: only the 1,000 sockets connecting)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HISTORY = 60  # messages sent before the 1,000 sockets connect (a join sends the latest 50)
PHASES = ("throughput", "paced", "idle")
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone, not an installed one
sys.path.insert(0, str(ROOT / "bench"))
from chatload import NS, Fleet, Sender, pct  # noqa: E402


def _eventlet() -> None:
    import warnings

    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()


def serve_bare(port: int) -> None:
    _eventlet()
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
    _eventlet()
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

    def cpu_seconds(self) -> float:
        """The server process's CPU time so far (user + system)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def throughput(server: Server, n: int, processes: int) -> dict:
    fleet = Fleet(server.url, server.token, server.room, n, processes)
    sender = Sender(server.url, server.token, server.room)
    count = max(50, 20000 // n)
    started = sender.send(count)
    result = fleet.finish(count)
    sender.close()
    return {
        "rate": result.delivered / (result.last_arrival - started),
        "p50": pct(result.latencies, 50),
        "p99": pct(result.latencies, 99),
        "lost": count * n - result.delivered,
    }


def paced(server: Server, processes: int) -> dict:
    fleet = Fleet(server.url, server.token, server.room, 100, processes)
    sender = Sender(server.url, server.token, server.room)
    sender.send(200, rate=20)
    result = fleet.finish(200)
    sender.close()
    return {
        "p50": pct(result.latencies, 50),
        "p99": pct(result.latencies, 99),
        "lost": 200 * 100 - result.delivered,
    }


def idle(server: Server, processes: int, n: int = 1000, history: int | None = None) -> dict:
    sender = Sender(server.url, server.token, server.room)
    sender.send(HISTORY)  # a room with a history: every join is sent its latest messages
    time.sleep(1)  # the acks are in; the last broadcasts (to nobody) done
    cpu = server.cpu_seconds()
    fleet = Fleet(server.url, server.token, server.room, n, processes, history)
    cpu = server.cpu_seconds() - cpu
    sender.send(1)
    result = fleet.finish(1)
    sender.close()
    return {
        "connect_s": fleet.connect_seconds,
        "cpu_s": cpu,
        "delivered": result.delivered,
        "rss": server.rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,500", help="room sizes N, comma-separated")
    parser.add_argument("--receivers", type=int, default=4, help="receiver processes")
    parser.add_argument(
        "--skip-idle", action="store_true", help="leave out the 1,000 idle connections"
    )
    parser.add_argument(
        "--phases", default=",".join(PHASES), help="which of throughput,paced,idle to run"
    )
    args = parser.parse_args()
    phases = [p for p in args.phases.split(",") if p and not (args.skip_idle and p == "idle")]
    sizes = [int(n) for n in args.sizes.split(",")] if "throughput" in phases else []
    rows = {}
    for kind in ("bare", "app"):
        server = Server(kind)
        try:
            rows[kind] = {}
            for n in sizes:
                rows[kind][n] = throughput(server, n, args.receivers)
                print(kind, n, rows[kind][n], file=sys.stderr)
            if "paced" in phases:
                rows[kind]["paced"] = paced(server, args.receivers)
                print(kind, "paced", rows[kind]["paced"], file=sys.stderr)
            if "idle" in phases:
                rows[kind]["idle"] = idle(server, args.receivers)
                print(kind, "idle", rows[kind]["idle"], file=sys.stderr)
                if kind == "app":  # the same joins without the history: bare's join has none
                    time.sleep(2)  # the first 1,000 have disconnected
                    rows["app, join without history"] = {
                        "idle": idle(server, args.receivers, history=0)
                    }
                    print(
                        kind, "idle, no history", rows["app, join without history"], file=sys.stderr
                    )
        finally:
            server.stop()
        print(f"{kind} done", file=sys.stderr)
    print(
        f"eventlet on both servers; {os.cpu_count()} CPU cores shared with "
        f"{args.receivers} receiver processes; load average at the end "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
        + "\n"
    )
    if sizes:
        print("| server | N | delivered msg/s | p50 ms | p99 ms | lost |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind in ("bare", "app"):
            for n in sizes:
                r = rows[kind][n]
                print(
                    f"| {kind} | {n} | {r['rate']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
                    f"| {r['lost']} |"
                )
        for n in sizes:
            ratio = rows["app"][n]["rate"] / rows["bare"][n]["rate"]
            print(f"\napp/bare delivered throughput at N={n}: {ratio:.0%}", end="")
        print("\n")
    nan = float("nan")
    print(
        "| server | 20 msg/s into 100 clients, 200 messages: p50 ms | p99 ms | lost "
        "| 1,000 idle: connect+join s | server CPU s | delivered | RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in rows:
        p = rows[kind].get("paced", {"p50": nan, "p99": nan, "lost": "-"})
        i = rows[kind].get("idle", {"connect_s": nan, "cpu_s": nan, "delivered": "-", "rss": nan})
        print(
            f"| {kind} | {p['p50']:.1f} | {p['p99']:.1f} | {p['lost']} | {i['connect_s']:.1f} "
            f"| {i['cpu_s']:.2f} | {i['delivered']}/1000 | {i['rss']:.0f} |"
        )
    # On a busy machine the absolute figures move with the load; the ratios of one run do not.
    app, bare = rows["app"], rows["bare"]
    if "paced" in app:
        print(f"\napp/bare p99 at 20 msg/s: {app['paced']['p99'] / bare['paced']['p99']:.1f}x")
    if "idle" in app:
        print(
            f"app/bare connect+join of 1,000: "
            f"{app['idle']['connect_s'] / bare['idle']['connect_s']:.1f}x wall, "
            f"{app['idle']['cpu_s'] / bare['idle']['cpu_s']:.1f}x server CPU "
            "(app's acks carry the 50 latest messages, bare's none)"
        )
        plain = rows["app, join without history"]["idle"]
        print(
            f"app/bare without history (like for like but the app's sign-in and access check): "
            f"{plain['connect_s'] / bare['idle']['connect_s']:.1f}x wall, "
            f"{plain['cpu_s'] / bare['idle']['cpu_s']:.1f}x server CPU"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve-bare"]:
        serve_bare(int(sys.argv[2]))
    elif sys.argv[1:2] == ["serve-app"]:
        serve_app(int(sys.argv[2]), sys.argv[3])
    else:
        main()
