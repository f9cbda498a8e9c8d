"""Wiki saves through the real `innovationzone serve`: latency with one writer and with several
at once, beside a bare Flask hello-world answering the same number of clients in the same run
(the noise floor of this machine right now), and the bulk load rate. Prints tables; never run
as a test.

    python bench/saves.py [--writers 1,4] [--saves 20] [--bulk 300] [--database sqlite|postgres]
                          [--zones shared|own] [--editor] [--processes N]

Each writer creates pages of 1-20 KB (headings, tables, code, links) and then edits each once,
over its own HTTP connection, all against one zone (`--zones own`: each writer in a zone of its
own, to see what writers of one zone cost each other, such as its `content_version` row).
`--database postgres` runs the server on a fresh PostgreSQL database (127.0.0.1:5432), dropped
afterwards. `--editor` previews each text through the editor's preview route (signed in with a
session, untimed) before saving it, as a person in the editor does; CPU then includes the
previews. "errors" counts answers other than 200/201 (a "database is locked" would be a 500)
and edits lost (a page whose final revision is not the edit). CPU is what the server process and its render workers spent per save.
`--processes N` (PostgreSQL): the scaled-out layout of README "Scaling out" instead of one bare
process: N `serve` processes on the database with a private Redis as their message queue, behind
nginx as deploy/render.py writes it (tests/support/services starts Redis and nginx); the writers
keep no cookie, so nginx spreads their requests over the processes, and CPU adds up all N
processes and their workers.
Bulk: short pages through the API by 4 clients at once, and `innovationzone wiki import` of a
folder of Markdown files (a second process writing the same SQLite database as the server).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import requests
import sqlalchemy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from organisation import postgres_database  # noqa: E402
from pages import ZONE, bench_server, body_of, cpu_seconds, start_hello  # noqa: E402
from wiki import PASSWORD  # noqa: E402

from tests.support.clients import form_csrf, page_csrf  # noqa: E402
from tests.support.live import LiveServer  # noqa: E402
from tests.support.services import Nginx, PrivateRedis  # noqa: E402

SIZES = [1_000, 2_000, 4_000, 7_000, 10_000, 15_000, 20_000]
Result = tuple[float, bool, bool]  # (ms, error, escaped)


def put(api: requests.Session, url: str, title: str, body: str, base: int | None) -> Result:
    """One save, timed; an exception or an unexpected status counts as an error."""
    started = time.monotonic()
    try:
        response = api.put(
            url, json={"title": title, "body": body, "base_revision": base}, timeout=120
        )
    except requests.RequestException:
        return (time.monotonic() - started) * 1000, True, False
    elapsed = (time.monotonic() - started) * 1000
    if response.status_code not in (200, 201):
        print(f"  {response.status_code}: {response.text[:200]}", file=sys.stderr)
        return elapsed, True, False
    return elapsed, False, "render-fallback" in response.json()["html"]


def previewer(url: str, zone: str) -> Callable[[str, str], None]:
    """The editor's live preview as a signed-in browser sends it (session cookie, CSRF header):
    a function previewing (path, body) in `zone`."""
    browser = requests.Session()
    form = browser.get(f"{url}/login", timeout=60).text
    browser.post(
        f"{url}/login",
        data={"csrf_token": form_csrf(form), "username": "bench", "password": PASSWORD},
        timeout=60,
    )
    csrf = page_csrf(browser.get(f"{url}/z/{zone}/wiki", timeout=60).text)

    def preview(path: str, body: str) -> None:
        shown = browser.post(
            f"{url}/z/{zone}/wiki/_preview",
            json={"path": path, "body": body},
            headers={"X-CSRFToken": csrf},
            timeout=60,
        )
        assert shown.status_code == 200, shown.text[:200]

    return preview


def writer(
    i: int,
    url: str,
    token: str,
    prefix: str,
    saves: int,
    zones: list[str],
    editor: bool,
    out: list[Result],
) -> None:
    """Writer `i`: create `saves` pages, then edit each once on top of the revision it created,
    in zone `zones[i]` (or the one zone there is). As an `editor`, each text is previewed first
    (untimed), as the editor's live preview does while one types, and only the save is timed."""
    name = f"{prefix}W{i}"
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    api.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # no sticky nginx cookie
    zone = zones[i % len(zones)]
    preview = previewer(url, zone) if editor else None
    for n in range(saves):
        # a text of its own: no save finds its HTML rendered already unless it was previewed
        body = f"Pagina {n} van {name}.\n\n" + body_of(SIZES[n % len(SIZES)], n)
        page = f"{url}/api/v1/zones/{zone}/pages/{name}/Pagina_{n}"
        for text, base in ((body, None), (body + "\n\nEen aanvulling.\n", 1)):
            if preview:
                preview(f"{name}/Pagina_{n}", text)
            out.append(put(api, page, f"Pagina {n}", text, base))
        final = api.get(page, timeout=60)
        if final.status_code != 200 or not final.json()["body"].endswith("Een aanvulling.\n"):
            out.append((0.0, True, False))  # the edit was lost


def hello_client(_i: int, url: str, requests_: int, out: list[Result]) -> None:
    """The bare baseline's client: as many requests as a writer sends."""
    session = requests.Session()
    for _ in range(requests_):
        started = time.monotonic()
        ok = session.get(url, timeout=60).status_code == 200
        out.append(((time.monotonic() - started) * 1000, not ok, False))


def in_parallel(count: int, target: Callable[..., None], *args: object) -> list[Result]:
    """Run `count` clients at once (client i gets i as its first argument) and pool results."""
    results: list[Result] = []
    threads = [threading.Thread(target=target, args=(i, *args, results)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def worker_cpu(server: LiveServer) -> float:
    """CPU seconds of the server's children (render workers; a replaced one's time is lost)."""
    assert server.process is not None
    total = 0.0
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                == server.process.pid
            ):
                total += cpu_seconds(int(entry.name))
        except (OSError, IndexError):
            continue
    return total


def row(name: str, results: list[Result], cpu: tuple[float, float] | None = None) -> str:
    times = sorted(t for t, error, _ in results if t)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    errors = sum(1 for _, error, _ in results if error)
    escaped = sum(1 for _, _, fell in results if fell)
    server_ms, workers_ms = (f"{c * 1000 / len(times):.0f}" for c in cpu) if cpu else ("", "")
    return (
        f"{name:<16}{len(times):>6}{statistics.median(times):>8.0f}{p95:>8.0f}{times[-1]:>8.0f}"
        f"{errors:>7}{escaped:>8}{server_ms:>11}{workers_ms:>12}"
    )


class LockWaits:
    """Samples PostgreSQL's sessions on the server's database every 20 ms while writers run: of
    the samples in which a session was in a transaction, how many found one waiting for a lock (a row lock
    such as a zone's `content_version` held by another save). Does nothing on SQLite, whose
    writers queue in the app for the one write lock instead."""

    def __init__(self, database_url: str | None) -> None:
        self.url = database_url
        self.busy = self.waiting = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LockWaits:
        if self.url:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _sample(self) -> None:
        engine = sqlalchemy.create_engine(str(self.url), isolation_level="AUTOCOMMIT")
        query = sqlalchemy.text(
            "SELECT count(*) FILTER (WHERE xact_start IS NOT NULL),"
            " count(*) FILTER (WHERE wait_event_type = 'Lock') FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        with engine.connect() as connection:
            while not self._stop.wait(0.02):
                in_transaction, waiting = connection.execute(query).one()
                self.busy += in_transaction > 0
                self.waiting += waiting > 0
        engine.dispose()

    def note(self, name: str) -> str:
        """One line for under the table ("" on SQLite)."""
        if not self.url:
            return ""
        share = 100 * self.waiting / max(1, self.busy)
        return (
            f"{name}: a session waited for a lock in {share:.1f} % of {self.busy} samples"
            " with a transaction open"
        )


def cpu_of(servers: list[LiveServer]) -> tuple[float, float]:
    """CPU seconds so far of the server processes and of their render workers."""
    return (
        sum(cpu_seconds(s.process.pid) for s in servers if s.process),
        sum(worker_cpu(s) for s in servers),
    )


def latency(
    url: str,
    servers: list[LiveServer],
    token: str,
    hello_url: str,
    writers: list[int],
    saves: int,
    zones: list[str],
    database_url: str | None,
    editor: bool,
):
    """Rows of the latency table: per writer count, the app and the bare baseline; and the lock
    waits seen on PostgreSQL."""
    in_parallel(1, writer, url, token, "warm", 2 * len(servers), zones, editor)
    rows, notes = [], []
    for round_, count in enumerate(writers, 1):
        before = cpu_of(servers)
        with LockWaits(database_url) as waits:
            results = in_parallel(count, writer, url, token, f"R{round_}", saves, zones, editor)
        time.sleep(1)  # after-commit work (search indexing) is part of what a save costs
        after = cpu_of(servers)
        spent = (after[0] - before[0], after[1] - before[1])
        name = f"app, {count} writer{'s' * (count > 1)}"
        rows.append(row(name, results, spent))
        notes.append(waits.note(name))
        bare = in_parallel(count, hello_client, hello_url, 2 * saves)
        rows.append(row(f"bare, {count} client{'s' * (count > 1)}", bare))
    return rows, [note for note in notes if note]


def bulk_api(url: str, token: str, pages: int) -> float:
    """Pages per second: short pages created through the API by 4 clients at once."""

    def load(i: int, out: list[Result]) -> None:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        for n in range(i, pages, 4):
            page = f"{url}/api/v1/zones/{ZONE}/pages/Bulk/Pagina_{n}"
            out.append(put(api, page, f"Pagina {n}", f"Korte pagina {n}, zie [[Start]].", None))

    started = time.monotonic()
    results = in_parallel(4, load)
    assert not any(error for _, error, _ in results), "bulk saves failed"
    return pages / (time.monotonic() - started)


def bulk_import(server: LiveServer, pages: int) -> float:
    """Pages per second through `innovationzone wiki import` while the server runs, not counting
    the command's start-up (timed on an empty folder)."""
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as folder:
        for n in range(pages):
            target = Path(folder) / "Import" / f"Map_{n % 10}" / f"Pagina_{n}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# Pagina {n}\n\nKorte pagina {n}, zie [[Start]].\n")
        started = time.monotonic()
        server.cli("wiki", "import", ZONE, empty)
        start_up = time.monotonic() - started
        started = time.monotonic()
        done = server.cli("wiki", "import", ZONE, folder)
        seconds = time.monotonic() - started - start_up
    assert f"Imported {pages} pages" in done.stdout, done.stdout + done.stderr
    return pages / seconds


def _nginx_folder(parent: Path) -> Path:
    """A folder nginx's worker (nobody, when started as root) may write into: a save's body
    beyond its buffer goes to a temporary file there, and in a private folder nginx answered
    those saves 500."""
    parent.chmod(0o755)
    folder = parent / "nginx"
    folder.mkdir()
    folder.chmod(0o777)
    for name in ("client_body", "proxy"):  # the temporary folders its site uses
        (folder / name).mkdir()
        (folder / name).chmod(0o777)
    return folder


@contextmanager
def scaled_out(
    processes: int, database_url: str
) -> Iterator[tuple[str, list[LiveServer], requests.Session, str]]:
    """README "Scaling out" on one machine: `processes` servers on the database, a private Redis
    as their message queue, nginx in front (deploy/render.py's site). Yields nginx's URL, the
    servers, an API session and its token, with the bench's admin and empty zone."""
    with tempfile.TemporaryDirectory() as folder:
        queue = PrivateRedis(Path(folder)).start()
        env = {
            "IZ_DATABASE_URL": database_url,
            "IZ_MESSAGE_QUEUE": queue.url,
            "IZ_SECRET_KEY": "bench-saves",
            "IZ_TRUSTED_PROXIES": "127.0.0.1",
        }
        servers = []
        for i in range(processes):
            (Path(folder) / f"serve{i}").mkdir()
            servers.append(LiveServer(Path(folder) / f"serve{i}", env=env))
        proxy = None
        try:
            servers[0].cli(
                "user", "create", "bench", "--password-stdin", "--admin", input=PASSWORD + "\n"
            )
            for server in servers:
                server.start()
            proxy = Nginx(_nginx_folder(Path(folder)), [s.port for s in servers]).start()
            token = servers[0].token("bench", PASSWORD)
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {token}"
            api.post(f"{proxy.url}/api/v1/zones", json={"slug": ZONE, "name": "Bench"}, timeout=10)
            yield proxy.url, servers, api, token
        finally:
            if proxy:
                proxy.stop()
            for server in servers:
                server.stop()
            queue.stop()


@contextmanager
def deployment(
    processes: int, database_url: str | None
) -> Iterator[tuple[str, list[LiveServer], requests.Session, str]]:
    """One bare server (processes 0), or the scaled-out layout: (URL, servers, API, token)."""
    if processes:
        assert database_url, "--processes needs --database postgres"
        with scaled_out(processes, database_url) as deployed:
            yield deployed
        return
    with bench_server({"IZ_DATABASE_URL": database_url} if database_url else None) as (
        server,
        api,
        token,
    ):
        yield server.url, [server], api, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", default="1,4", help="writer counts, comma-separated")
    parser.add_argument("--saves", type=int, default=20, help="pages each writer creates")
    parser.add_argument("--bulk", type=int, default=300, help="pages per bulk load (0: skip)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--zones", choices=("shared", "own"), default="shared", help="one zone, or one per writer"
    )
    parser.add_argument(
        "--editor",
        action="store_true",
        help="preview each text before saving it, as the editor does (only saves are timed)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=0,
        help="PostgreSQL: N serve processes with Redis behind nginx (0: one bare process)",
    )
    args = parser.parse_args()
    if args.processes and args.database != "postgres":
        parser.error("--processes needs --database postgres (README: Scaling out)")
    writers = [int(w) for w in args.writers.split(",")]
    database_url, drop = postgres_database() if args.database == "postgres" else (None, None)
    hello_port, hello = start_hello()
    try:
        with deployment(args.processes, database_url) as (url, servers, api, token):
            zones = [ZONE]
            if args.zones == "own":
                zones = [f"{ZONE}{i}" for i in range(max(writers))]
                for zone in zones:
                    api.post(f"{url}/api/v1/zones", json={"slug": zone, "name": zone})
            rows, notes = latency(
                url,
                servers,
                token,
                f"http://127.0.0.1:{hello_port}/",
                writers,
                args.saves,
                zones,
                database_url,
                args.editor,
            )
            rates = (
                (bulk_api(url, token, args.bulk), bulk_import(servers[0], args.bulk))
                if args.bulk
                else None
            )
            locked = sum(server.log().count("database is locked") for server in servers)
    finally:
        hello.terminate()
        hello.wait(10)
        if drop:
            drop()
    print(
        f"load average {os.getloadavg()[0]:.1f} (2 cores); {args.database}, "
        f"{'one zone' if args.zones == 'shared' else 'a zone per writer'}"
        f"{f'; {args.processes} serve processes + Redis behind nginx' if args.processes else ''}"
        f"{'; each text previewed before its save' if args.editor else ''}"
    )
    header = (
        f"{'run':<16}{'saves':>6}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'errors':>7}"
        f"{'escaped':>8}{'server CPU':>11}{'workers CPU':>12}"
    )
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print(f"('database is locked' in the server log: {locked}; CPU in ms per save)")
    if notes:
        print("\n".join(notes))
    if rates:
        print(
            f"bulk load, {args.bulk} short pages: API (4 clients) {rates[0]:.0f} pages/s, "
            f"`wiki import` {rates[1]:.0f} pages/s"
        )


if __name__ == "__main__":
    main()
