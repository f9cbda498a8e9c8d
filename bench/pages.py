"""Wiki page views at 200, 2,000 and 20,000 pages in one zone, beside a bare Flask hello-world on
the same eventlet server, in one run. Prints a table; never run as a test (CI does not need wrk).

    python bench/pages.py [--sizes 200,2000,20000] [--seconds 10] [--connections 10]

Each size gets a fresh data folder: the zone is filled by bulk insert (pages of 1-20 KB with
headings, tables, code and [[links]], rendered once per distinct body and stored like a save
would), then the real `innovationzone serve` is driven by `wrk` (one thread, `--connections`
connections, a Bearer token, `Accept-Encoding: gzip` like a browser) over a rotating mix of pages
at every depth, after one view of each page (its first render, "1st ms" CPU per view, fills the
page cache). SQL queries per view are counted in-process over the same database; CPU ms per view
is the server process's CPU time during the wrk run divided by the requests it answered.
Needs `wrk` (apt-get install -y wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wiki import HELLO, PASSWORD  # noqa: E402  (bench/wiki.py: the same hello-world)

from tests.support.live import LiveServer, free_port  # noqa: E402

ZONE = "bench"
WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local i = 0
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Accept-Encoding"] = "gzip"
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('WRK {"requests": %%d, "bytes": %%d, "errors": %%d, "p50": %%d, "p99": %%d, "seconds": %%f}\\n',
    summary.requests, summary.bytes,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), summary.duration / 1e6))
end
"""
DEPARTMENTS = ["Marketing", "IT", "Logistiek", "Klantenservice", "Winkels"]


def body_of(size: int, seed: int) -> str:
    """A realistic page: headings, prose, a table, code, a task list and wiki links."""
    parts, n = [f"Deze pagina beschrijft werkwijze {seed} voor alle filialen.\n\n"], 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(
            f"## Stap {n}\n\nDe **kassa** opent om 09:00; zie [[Retourproces]] en "
            f"[[{DEPARTMENTS[n % 5]}]]. Meld afwijkingen bij de teamleider van de winkel.\n\n"
            f"| Stap | Wie | Wat |\n|---|---|---|\n| {n} | IT | controle van de pinautomaat |\n\n"
            "```python\nprint('hallo winkel')\n```\n\n- [ ] taak een\n- [x] taak twee\n\n"
        )
    return "".join(parts)[:size]


def page_paths(count: int) -> list[str]:
    """`count` paths in a tree three levels deep whose fan-out grows with the zone."""
    per_topic = max(4, round((count / len(DEPARTMENTS)) ** 0.5))
    paths: list[str] = []
    topic = 0
    while len(paths) < count:
        department = DEPARTMENTS[topic % len(DEPARTMENTS)]
        paths.append(f"{department}/Onderwerp_{topic}")
        for leaf in range(per_topic - 1):
            paths.append(f"{department}/Onderwerp_{topic}/Pagina_{leaf}")
        topic += 1
    return paths[:count]


LOADER = """
import json, sys
from sqlalchemy import insert, select
from innovationzone.app import create_app
from innovationzone.extensions import db
from innovationzone.wiki.models import Page, Revision
from innovationzone.wiki.tree_services import rebuild
from innovationzone.wiki.rendering import render_page
from innovationzone.zones.models import Zone
spec = json.load(sys.stdin)
app = create_app()
with app.app_context():
    zone = db.session.scalar(select(Zone).where(Zone.slug == spec["zone"]))
    html = {}
    pages, revisions = [], []
    for n, (path, body_key) in enumerate(spec["pages"], start=1):
        body = spec["bodies"][body_key]
        if body_key not in html:
            html[body_key] = render_page(zone.slug, path, body)
        title = path.rsplit("/", 1)[-1].replace("_", " ")
        pages.append({"id": n, "zone_id": zone.id, "path": path, "title": title, "revision": 1})
        revisions.append({"page_id": n, "number": 1, "title": title, "body": body,
                          "summary": "", "html": html[body_key]})
    for start in range(0, len(pages), 1000):
        db.session.execute(insert(Page), pages[start:start + 1000])
        db.session.execute(insert(Revision), revisions[start:start + 1000])
    rebuild(db.session, zone.id)
    db.session.commit()
"""


def load_zone(server: LiveServer, count: int) -> list[str]:
    rng = random.Random(count)
    sizes = [1_000, 2_000, 4_000, 7_000, 10_000, 15_000, 20_000]
    bodies = {f"b{i}": body_of(size, i) for i, size in enumerate(sizes * 3)}
    paths = page_paths(count)
    spec = {"zone": ZONE, "bodies": bodies, "pages": [(p, rng.choice(list(bodies))) for p in paths]}
    subprocess.run(
        [sys.executable, "-c", LOADER],
        input=json.dumps(spec),
        env=server.env,
        cwd=ROOT,
        check=True,
        text=True,
    )
    return paths


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, paths_file: Path, token: str, seconds: float, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": paths_file, "token": token})
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    return json.loads(re.search(r"^WRK (.*)$", output, re.M).group(1))


def measure(url: str, pid: int, paths: list[str], token: str, args: argparse.Namespace) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    run_wrk(url, Path(listing.name), token, 2, args.connections)  # warm up
    before = cpu_seconds(pid)
    result = run_wrk(url, Path(listing.name), token, args.seconds, args.connections)
    result["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(result["requests"], 1)
    os.unlink(listing.name)
    return result


QUERY_COUNTER = """
import json, sys
from sqlalchemy import event
from innovationzone.app import create_app
from innovationzone.extensions import db
spec = json.load(sys.stdin)
app = create_app()
counts = []
with app.app_context():
    engine = db.engine
# Requests outside that context: each gets its own, as in the server (a shared one would keep
# the signed-in user in `g` and hide the user's query).
seen = []
event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(1))
client = app.test_client()
for path in spec["paths"]:
    client.get(path, headers={"Authorization": "Bearer " + spec["token"]})
    seen.clear()
    response = client.get(path, headers={"Authorization": "Bearer " + spec["token"]})
    assert response.status_code == 200, (path, response.status_code)
    counts.append(len(seen))
print(json.dumps(counts))
"""


def queries_per_view(server: LiveServer, urls: list[str], token: str) -> float:
    output = subprocess.run(
        [sys.executable, "-c", QUERY_COUNTER],
        input=json.dumps({"paths": urls, "token": token}),
        env=server.env,
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    counts = json.loads(output.strip().splitlines()[-1])
    return sum(counts) / len(counts)


@contextmanager
def bench_server(env: dict | None = None) -> Iterator[tuple[LiveServer, requests.Session, str]]:
    """The real server on a fresh data folder with an admin, a token and an empty zone; `env`
    adds to the server's environment (another database: IZ_DATABASE_URL)."""
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder), env=env)
        server.cli("user", "create", "bench", "--password-stdin", "--admin", input=PASSWORD + "\n")
        server.start()
        try:
            token = server.token("bench", PASSWORD)
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {token}"
            api.post(server.url + "/api/v1/zones", json={"slug": ZONE, "name": "Bench"}, timeout=10)
            yield server, api, token
        finally:
            server.stop()


def bench_size(count: int, args: argparse.Namespace) -> dict:
    with bench_server() as (server, api, token):
        started = time.monotonic()
        paths = load_zone(server, count)
        load_seconds = time.monotonic() - started
        rng = random.Random(1)
        sample = rng.sample(paths, min(200, len(paths)))
        urls = [f"/z/{ZONE}/wiki/{p}" for p in sample]
        sizes = [
            len(api.get(server.url + u, headers={"Accept-Encoding": "identity"}).content)
            for u in urls[:20]
        ]
        # The first view of each page renders it and fills the page cache: timed on its own,
        # then wrk measures views of pages already rendered, as readers mostly get them.
        before = cpu_seconds(server.process.pid)
        for url in urls:
            api.get(server.url + url, headers={"Accept-Encoding": "gzip"})
        first_ms = (cpu_seconds(server.process.pid) - before) * 1000 / len(urls)
        result = measure(server.url, server.process.pid, urls, token, args)
        result["first_ms"] = first_ms
        result["queries"] = queries_per_view(server, urls[:20], token)
        result["html_kb"] = sum(sizes) / len(sizes) / 1000
        result["load_s"] = load_seconds
        return result


def start_hello() -> tuple[int, subprocess.Popen]:
    """The bare baseline: Flask hello-world on eventlet, answering on the port it returns."""
    port = free_port()
    hello = subprocess.Popen([sys.executable, "-c", HELLO.format(port=port)])
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return port, hello


def bench_hello(args: argparse.Namespace) -> dict:
    port, hello = start_hello()
    try:
        return measure(f"http://127.0.0.1:{port}", hello.pid, ["/"], "none", args)
    finally:
        hello.terminate()
        hello.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()

    hello = bench_hello(args)
    rows = [("hello-world", hello)]
    for count in (int(s) for s in args.sizes.split(",")):
        rows.append((f"{count} pages", bench_size(count, args)))
    hello_rate = hello["requests"] / hello["seconds"]

    header = (
        f"{'run':<14}{'req/s':>9}{'% hello':>9}{'p50 ms':>9}{'p99 ms':>9}{'wire KB':>9}"
        f"{'HTML KB':>9}{'SQL/view':>10}{'CPU ms':>8}{'1st ms':>8}{'load s':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, r in rows:
        rate = r["requests"] / r["seconds"]
        print(
            f"{name:<14}{rate:>9.1f}{rate / hello_rate:>9.1%}{r['p50'] / 1000:>9.1f}"
            f"{r['p99'] / 1000:>9.1f}{r['bytes'] / max(r['requests'], 1) / 1000:>9.1f}"
            f"{r.get('html_kb', 0):>9.1f}{r.get('queries', 0):>10.1f}{r['cpu_ms']:>8.2f}"
            f"{r.get('first_ms', 0):>8.1f}"
            f"{r.get('load_s', 0):>8.1f}" + (f"  ({r['errors']} errors)" if r["errors"] else "")
        )


if __name__ == "__main__":
    main()
