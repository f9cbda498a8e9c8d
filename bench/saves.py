"""Wiki saves through the real `innovationzone serve`: latency with one writer and with several
at once, and how many saves fell back to escaped text because rendering overran. Prints a
table; never run as a test.

    python bench/saves.py [--writers 1,4] [--saves 20]

Each writer creates pages of 1-20 KB (headings, tables, code, links) and then edits each once,
over its own HTTP connection with its own token, all against one zone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import bench_server, body_of  # noqa: E402

from tests.support.live import LiveServer  # noqa: E402

SIZES = [1_000, 2_000, 4_000, 7_000, 10_000, 15_000, 20_000]


def writer(server: LiveServer, token: str, name: str, saves: int, out: list) -> None:
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    for n in range(saves):
        body = body_of(SIZES[n % len(SIZES)], n)
        for base, text in ((None, body), (1, body + "\n\nEen aanvulling.\n")):
            started = time.monotonic()
            response = api.put(
                f"{server.url}/api/v1/zones/bench/pages/{name}/Pagina_{n}",
                json={"title": f"Pagina {n}", "body": text, "base_revision": base},
                timeout=120,
            )
            elapsed = (time.monotonic() - started) * 1000
            assert response.status_code in (200, 201), response.text[:300]
            out.append((elapsed, "render-fallback" in response.json()["html"]))


def run(server: LiveServer, token: str, writers: int, saves: int, round_: int) -> list:
    results: list = []
    threads = [
        threading.Thread(target=writer, args=(server, token, f"R{round_}W{w}", saves, results))
        for w in range(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", default="1,4")
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    rows = []
    with bench_server() as (server, _api, token):
        run(server, token, 1, 2, 0)  # warm the render workers
        for round_, writers in enumerate(int(w) for w in args.writers.split(",")):
            rows.append((writers, run(server, token, writers, args.saves, round_ + 1)))
    print(f"{'writers':>8}{'saves':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'escaped':>9}")
    for writers, results in rows:
        times = sorted(t for t, _ in results)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        fallbacks = sum(1 for _, fell in results if fell)
        print(
            f"{writers:>8}{len(times):>7}{statistics.median(times):>9.0f}{p95:>9.0f}"
            f"{times[-1]:>9.0f}{fallbacks:>9}"
        )


if __name__ == "__main__":
    main()
