"""Wiki page views per second for a 50 KB cached page vs a bare Flask hello-world, in one run,
and ms per first render of a 50 KB page. Prints a table; never run as a test.

    python bench/wiki.py [--seconds 5]

Both servers are the real `innovationzone serve` stack (eventlet) vs a bare Flask app on the
same eventlet WSGI server, each driven by the same client threads over HTTP.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import LiveServer, free_port  # noqa: E402

PASSWORD = "bench-password-1"
HELLO = """
import warnings; warnings.filterwarnings("ignore", message=r"\\s*Eventlet is deprecated")
import eventlet; eventlet.monkey_patch()
from eventlet import wsgi
from flask import Flask
app = Flask(__name__)
@app.get("/")
def hello():
    return "Hello, World!"
wsgi.server(eventlet.listen(("127.0.0.1", {port})), app, log_output=False)
"""


def page_body(size: int = 50_000) -> str:
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(
            f"## Sectie {n}\n\nDe **kassa** opent om 09:00; zie [[Retourproces]] en [[Pagina {n}]].\n\n"
            f"| Stap | Wie | Wat |\n|---|---|---|\n| {n} | IT | controle van de pinautomaat |\n\n"
            "```python\nprint('hallo winkel')\n```\n\n- [ ] taak een\n- [x] taak twee\n\n"
        )
    return "".join(parts)[:size]


def hammer(url: str, seconds: float, threads: int, session_factory) -> float:  # noqa: ANN001
    count, stop, lock = [0], time.monotonic() + seconds, threading.Lock()

    def worker():
        session = session_factory()
        done = 0
        while time.monotonic() < stop:
            response = session.get(url, timeout=30)
            assert response.status_code == 200, response.status_code
            done += 1
        with lock:
            count[0] += done

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return count[0] / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder))
        server.cli("user", "create", "bench", "--password-stdin", "--admin", input=PASSWORD + "\n")
        server.start()
        hello_port = free_port()
        hello = subprocess.Popen([sys.executable, "-c", HELLO.format(port=hello_port)])
        try:
            token = server.token("bench", PASSWORD)
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {token}"
            api.post(
                server.url + "/api/v1/zones", json={"slug": "bench", "name": "Bench"}, timeout=10
            )
            body = page_body()
            renders = []
            for n in range(5):  # a first render happens on every save: measure saves of fresh pages
                started = time.monotonic()
                response = api.put(
                    f"{server.url}/api/v1/zones/bench/pages/Groot{n}",
                    json={"title": "Groot", "body": body + str(n), "base_revision": None},
                    timeout=60,
                )
                renders.append((time.monotonic() - started) * 1000)
                assert (
                    response.status_code == 201 and "render-fallback" not in response.json()["html"]
                )

            def browser():
                session = requests.Session()
                session.headers["Authorization"] = f"Bearer {token}"
                return session

            for _ in range(20):  # warm both
                browser().get(f"{server.url}/z/bench/wiki/Groot0", timeout=10)
            for _ in range(50):
                try:
                    requests.get(f"http://127.0.0.1:{hello_port}/", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            wiki_rate = hammer(
                f"{server.url}/z/bench/wiki/Groot0", args.seconds, args.threads, browser
            )
            hello_rate = hammer(
                f"http://127.0.0.1:{hello_port}/", args.seconds, args.threads, requests.Session
            )
        finally:
            hello.terminate()
            hello.wait(10)
            server.stop()

    size = len(body.encode())
    print(f"{'measure':<48}{'value':>12}")
    print("-" * 60)
    print(f"{f'wiki page view, {size // 1000} KB cached page (req/s)':<48}{wiki_rate:>12.1f}")
    print(f"{'bare Flask hello-world (req/s)':<48}{hello_rate:>12.1f}")
    print(f"{'ratio wiki / hello-world':<48}{wiki_rate / hello_rate:>11.0%}")
    print(
        f"{f'first render + save of a {size // 1000} KB page (ms, median of 5)':<48}{statistics.median(renders):>12.1f}"
    )
    print(f"{'  (min / max ms)':<48}{min(renders):>6.0f} / {max(renders):.0f}")


if __name__ == "__main__":
    main()
