"""In-process CPU cost of one request through the app's own machinery (hooks, extensions, user
lookup), beside a bare Flask app answering the same way, in one run. Never run as a test.

    python bench/request_overhead.py [--requests 2000] [--profile healthz|page] [--views N]

`--views N` only makes N cached page views after the setup and 50 warm-up views, for an
instruction count that the machine's other load does not move: valgrind's count of
`--views 700` less that of `--views 200`, over 500, is the instructions per cached view
(`valgrind --tool=cachegrind --cache-sim=no python bench/request_overhead.py --views 700`).

Rows: `/healthz` (a database ping), a cached wiki page view with a Bearer token (gzip, like a
browser), and the bare Flask hello-world through its own test client. Times are CPU ms per request
(process time, so other load on the machine counts less), the best of three rounds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.cli import prepare_storage  # noqa: E402

PASSWORD = "correct-horse-1"
PAGE = "/z/bench/wiki/Kassa"


def setup(folder: str) -> tuple[Flask, str]:
    """An app on a fresh SQLite data folder with one user, a token, a zone and a page."""
    app = create_app(
        {
            "IZ_DATA_DIR": folder,
            "IZ_ASYNC_MODE": "threading",
            "PASSWORD_HASH": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        }
    )
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.services import create_user

    with app.app_context():
        prepare_storage()
        user = create_user(
            None, {"username": "bench", "password": PASSWORD, "is_admin": True, "department": "IT"}
        )
        _token, secret = create_token(user, "bench")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert (
        client.post(
            "/api/v1/zones", json={"slug": "bench", "name": "Bench"}, headers=headers
        ).status_code
        == 201
    )
    body = "\n\n".join(f"## Deel {i}\n\nOpen de **kassa** om negen uur. " * 3 for i in range(40))
    response = client.put(
        "/api/v1/zones/bench/pages/Kassa",
        json={"title": "Kassa", "body": body, "base_revision": None},
        headers=headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return app, secret


def bare() -> Flask:
    """The baseline: Flask with one route and nothing else."""
    app = Flask(__name__)
    app.add_url_rule("/", "hello", lambda: "Hello, World!")
    return app


def cpu_ms(app: Flask, path: str, headers: dict, count: int) -> float:
    """CPU ms per request, best of three rounds of `count` requests."""
    client = app.test_client()
    for _ in range(20):
        assert client.get(path, headers=headers).status_code == 200
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(count):
            client.get(path, headers=headers)
        best = min(best, (time.process_time() - start) * 1000 / count)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", choices=["healthz", "page"])
    parser.add_argument("--views", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, secret = setup(folder)
        page_headers = {"Authorization": f"Bearer {secret}", "Accept-Encoding": "gzip"}
        if args.views is not None:
            client = app.test_client()
            for _ in range(50 + args.views):
                client.get(PAGE, headers=page_headers)
            return
        if args.profile:
            from pyinstrument import Profiler

            path, headers = ("/healthz", {}) if args.profile == "healthz" else (PAGE, page_headers)
            client = app.test_client()
            with Profiler(interval=0.0002) as profiler:
                for _ in range(args.requests):
                    client.get(path, headers=headers)
            profiler.print(show_all=False)
            return
        rows = [
            ("bare Flask hello", cpu_ms(bare(), "/", {}, args.requests)),
            ("/healthz", cpu_ms(app, "/healthz", {}, args.requests)),
            ("cached page view", cpu_ms(app, PAGE, page_headers, args.requests)),
        ]
    print(f"{'request':<20}{'CPU ms':>10}{'x bare':>10}")
    for name, ms in rows:
        print(f"{name:<20}{ms:>10.3f}{ms / rows[0][1]:>10.1f}")


if __name__ == "__main__":
    main()
