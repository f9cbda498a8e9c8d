"""In-process cost of one chat socket connecting and joining a room, beside a bare Flask-SocketIO
server doing the same, in one run. Never run as a test.

    python bench/chat_join.py [--sockets 300] [--history 60] [--profile]

bench/chat.py times 1,000 real sockets end to end, which on a shared 2-core machine moves with
the load. This counts what the server itself does per socket, through Flask-SocketIO's test
client (the same handlers, request contexts and packet encoding; no WebSocket framing, which
both servers share): Python function calls (cProfile, deterministic) and CPU ms (process time,
the best of three rounds). The app's socket is a member of a private zone (a token, the
permission check, the room's latest messages, presence); the bare server's join only joins.
--profile prints the app's top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NS = "/chat"


def bare() -> Callable[[], None]:
    """A bare Flask-SocketIO server (as bench/chat.py's): connect, and a join that joins."""
    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    io = SocketIO(app, async_mode="threading", logger=False, engineio_logger=False)

    @io.on("join", namespace=NS)
    def join(_room):  # noqa: ANN001, ANN202
        join_room("room")
        return {"ok": True}

    def one() -> None:
        client = io.test_client(app, namespace=NS)
        assert client.emit("join", 1, namespace=NS, callback=True)["ok"]

    return one


def app(folder: str, history: int) -> Callable[[], None]:
    """The app on a fresh SQLite folder: a private zone, a member with a token, a room with
    `history` messages already sent."""
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.services import create_user
    from innovationzone.app import create_app
    from innovationzone.chat import services
    from innovationzone.chat.room_services import create_zone_room
    from innovationzone.cli import prepare_storage
    from innovationzone.extensions import socketio
    from innovationzone.zones.services import add_member, create_zone

    application = create_app(
        {
            "IZ_DATA_DIR": folder,
            "IZ_ASYNC_MODE": "threading",
            "CHAT_RATE_LIMIT": (1e6, 10**6),
            "PASSWORD_HASH": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        }
    )
    with application.app_context():
        prepare_storage()
        admin = create_user(None, {"username": "admin", "password": "x" * 12, "is_admin": True})
        member = create_user(None, {"username": "ann", "password": "x" * 12})
        create_zone(admin, {"slug": "kassa", "name": "Kassa", "visibility": "private"})
        add_member(admin, "kassa", {"username": "ann", "role": "member"})
        room = create_zone_room(admin, "kassa", {"slug": "algemeen", "name": "Algemeen"})
        for n in range(history):
            services.send_message(admin, room.id, f"Bericht {n} over de kassa", f"m{n}")
        room_id, token = room.id, create_token(member, "bench")[1]

    def one() -> None:
        client = socketio.test_client(application, namespace=NS, auth={"token": token})
        assert client.emit("join", room_id, namespace=NS, callback=True)["ok"]

    return one


def measure(one: Callable[[], None], sockets: int) -> tuple[float, float]:
    """(function calls, CPU ms) per socket; warmed up first, CPU the best of three rounds."""
    for _ in range(20):
        one()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(sockets):
        one()
    profile.disable()
    calls = pstats.Stats(profile).total_calls / sockets  # type: ignore[attr-defined]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(sockets):
            one()
        best = min(best, (time.process_time() - started) * 1000 / sockets)
    return calls, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=300)
    parser.add_argument("--history", type=int, default=60, help="messages in the room first")
    parser.add_argument(
        "--profile", choices=("cumulative", "tottime"), help="print the app's top functions"
    )
    args = parser.parse_args()
    rows = {"bare Flask-SocketIO": measure(bare(), args.sockets)}
    with tempfile.TemporaryDirectory() as folder:
        one = app(folder, args.history)
        rows["app"] = measure(one, args.sockets)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(lambda: [one() for _ in range(args.sockets)])
            pstats.Stats(profile).sort_stats(args.profile).print_stats(40)
    print(
        f"| server | calls per connect+join | CPU ms per connect+join | ({args.sockets} sockets) |"
    )
    print("|---|---:|---:|---|")
    for name, (calls, ms) in rows.items():
        print(f"| {name} | {calls:,.0f} | {ms:.2f} | |")
    (bare_calls, bare_ms), (app_calls, app_ms) = rows.values()
    print(f"\napp/bare: {app_calls / bare_calls:.1f}x calls, {app_ms / bare_ms:.1f}x CPU")


if __name__ == "__main__":
    main()
