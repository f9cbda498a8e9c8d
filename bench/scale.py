"""What a second process buys: one and then two `innovationzone serve` processes behind nginx on
PostgreSQL + Redis, in one run, beside a bare Flask hello-world behind the same nginx.

    python bench/scale.py [--pages 2000] [--seconds 10] [--connections 20] [--receivers 4]

Prints page views/s through nginx (wrk; Bearer token, no sticky cookie, so nginx spreads the
requests over the processes), and chat deliveries/s (100 receivers in one room spread over
--receivers client processes, one sender as fast as acks allow), with the two-process/one-process
ratio. Needs wrk and nginx (apt-get install -y wrk nginx); never run as a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chatload import Fleet, Sender, pct  # noqa: E402
from pages import ZONE, load_zone, measure, start_hello  # noqa: E402

from tests.support.databases import PostgresDatabase  # noqa: E402
from tests.support.live import LiveServer  # noqa: E402
from tests.support.services import Nginx, PrivateRedis  # noqa: E402

PASSWORD = "bench-password-1"


def hello_behind_nginx(count: int, args: argparse.Namespace) -> dict:
    servers = [start_hello() for _ in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        proxy = Nginx(Path(folder), [port for port, _ in servers]).start(ready_path="/")
        try:
            return measure(proxy.url, proxy.process.pid, ["/"], "none", args)
        finally:
            proxy.stop()
            for _, process in servers:
                process.terminate()
                process.wait(10)


SERVE = """
import sys, warnings
warnings.filterwarnings("ignore", message=r"\\s*Eventlet is deprecated")
import eventlet; eventlet.monkey_patch()
from innovationzone.app import create_app
from innovationzone.cli import prepare_storage
from innovationzone.extensions import socketio
from innovationzone import realtime
app = create_app({"CHAT_RATE_LIMIT": (1e6, 10**6)})  # one sender, as fast as acks allow
with app.app_context():
    prepare_storage()
realtime.start(app)
socketio.run(app, port=int(sys.argv[1]), log_output=False)
"""


def start_app(server: LiveServer) -> LiveServer:
    """`serve` as the CLI does it, but with the per-person chat limit lifted for the sender."""
    return server.start_with([sys.executable, "-c", SERVE, str(server.port)])


def app_behind_nginx(servers: list[LiveServer], paths: list[str], token: str, room: int,
                     args: argparse.Namespace) -> dict:  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        proxy = Nginx(Path(folder), [s.port for s in servers]).start()
        try:
            views = measure(proxy.url, proxy.process.pid, paths, token, args)
            fleet = Fleet(proxy.url, token, room, 100, args.receivers)
            sender = Sender(proxy.url, token, room)
            count = 100
            started = sender.send(count)
            result = fleet.finish(count)
            sender.close()
            views["deliveries"] = result.delivered / (result.last_arrival - started)
            views["chat_p99"] = pct(result.latencies, 99)
            return views
        finally:
            proxy.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--receivers", type=int, default=4)
    args = parser.parse_args()

    rows = {f"hello x{n}": hello_behind_nginx(n, args) for n in (1, 2)}
    folder = Path(tempfile.mkdtemp())
    queue = PrivateRedis(folder).start()
    database = PostgresDatabase()
    env = {"IZ_DATABASE_URL": database.url, "IZ_MESSAGE_QUEUE": queue.url, "IZ_SECRET_KEY": "b"}
    servers = [LiveServer(Path(tempfile.mkdtemp()), env=env) for _ in range(2)]
    try:
        servers[0].cli(
            "user", "create", "bench", "--password-stdin", "--admin", input=PASSWORD + "\n"
        )
        start_app(servers[0])
        token = servers[0].token("bench", PASSWORD)
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        api.post(f"{servers[0].url}/api/v1/zones", json={"slug": ZONE, "name": "Bench"}, timeout=10)
        paths = load_zone(servers[0], args.pages)
        room = api.post(
            f"{servers[0].url}/api/v1/zones/{ZONE}/rooms",
            json={"slug": "bench", "name": "Bench"},
            timeout=10,
        ).json()["id"]
        urls = [f"/z/{ZONE}/wiki/{p}" for p in random.Random(1).sample(paths, min(200, len(paths)))]
        rows["app x1"] = app_behind_nginx(servers[:1], urls, token, room, args)
        start_app(servers[1])
        rows["app x2"] = app_behind_nginx(servers, urls, token, room, args)
    finally:
        for server in servers:
            server.stop()
        queue.stop()
        database.drop()

    print(
        f"\n{args.pages} wiki pages on PostgreSQL + Redis, nginx in front, wrk -c{args.connections}"
    )
    header = (
        f"{'run':<10}{'views/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'deliveries/s':>14}{'chat p99':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, r in rows.items():
        rate = r["requests"] / r["seconds"]
        print(
            f"{name:<10}{rate:>10.1f}{r['p50'] / 1000:>9.1f}{r['p99'] / 1000:>9.1f}"
            f"{r.get('deliveries', float('nan')):>14,.0f}{r.get('chat_p99', float('nan')):>10.0f}"
            + (f"  ({r['errors']} errors)" if r["errors"] else "")
        )
    for kind in ("hello", "app"):
        one, two = rows[f"{kind} x1"], rows[f"{kind} x2"]
        print(
            f"{kind}: two processes / one = {_ratio(two['requests'], one['requests'])} page views",
            end="",
        )
        if kind == "app":
            print(f", {_ratio(two['deliveries'], one['deliveries'])} chat deliveries", end="")
        print()


def _ratio(two: float, one: float) -> str:
    """Same run length for both, so counts compare like rates; nothing measured says so."""
    return f"{two / one:.2f}x" if one else "n/a (nothing completed with one process)"


if __name__ == "__main__":
    main()
