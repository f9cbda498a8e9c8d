"""What one wiki save asks of the database, in-process: statements, transactions, pool checkouts
and (on PostgreSQL) psycopg's waits for an answer, and the thread CPU of the request and of the
search drain after it, per save of bench/saves.py's mix (pages of 1-20 KB created and then
edited once, through the API with a Bearer token). Prints a table; never run as a test.

    python bench/save_round_trips.py [--database sqlite|postgres] [--pages 30]

Each text is rendered before its save (untimed), so the request's CPU excludes the render
workers'; the drain runs in the request after the commit (SEARCH_SYNC) and is counted apart.
A psycopg wait is one exchange with the server (a BEGIN sent with the first statement shares
its wait); `--database postgres` uses a fresh database on 127.0.0.1:5432, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import body_of  # noqa: E402
from saves import SIZES  # noqa: E402
from sqlalchemy import Engine, event  # noqa: E402

from tests.conftest import PASSWORD, make_app  # noqa: E402
from tests.support.clients import ApiClient  # noqa: E402
from tests.support.databases import PostgresDatabase, migrate  # noqa: E402

EVENTS = ("statements", "begin", "commit", "rollback", "checkout", "waits")


class Tally:
    """Counts what the engine and psycopg do, per phase ("request", "drain" or "other")."""

    def __init__(self) -> None:
        self.phase = "other"
        self.counts: Counter[tuple[str, str]] = Counter()
        self.cpu: Counter[str] = Counter()

    def note(self, what: str) -> Callable[..., None]:
        def count(*_args: Any) -> None:
            self.counts[(self.phase, what)] += 1

        return count

    def listen(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self.note("statements"))
        for name in ("begin", "commit", "rollback"):
            event.listen(engine, name, self.note(name))
        event.listen(engine.pool, "checkout", self.note("checkout"))
        if engine.dialect.name == "postgresql":
            from psycopg import waiting

            wait, count = waiting.wait, self.note("waits")

            def counted(*args: Any, **kwargs: Any) -> Any:
                count()
                return wait(*args, **kwargs)

            waiting.wait = counted  # looked up per wait by psycopg's Connection.wait

    def timed(self, phase: str, work: Callable[[], Any]) -> Any:
        """Run `work` as `phase` (the phase before it resumes after), adding its thread CPU."""
        before, self.phase = self.phase, phase
        started = time.thread_time()
        try:
            return work()
        finally:
            self.cpu[phase] += time.thread_time() - started
            self.phase = before


def run(database: str, pages: int) -> tuple[Tally, int]:
    """Save `pages` pages twice each (create, edit) after two warm-up pages; the tally and how
    many saves it covers."""
    postgres = PostgresDatabase() if database == "postgres" else None
    folder = tempfile.mkdtemp()
    overrides: dict[str, Any] = {"IZ_DATA_DIR": folder}
    if postgres:
        overrides["IZ_DATABASE_URL"] = postgres.url
    app = make_app(overrides)
    migrate(app)
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.services import create_user
    from innovationzone.extensions import db
    from innovationzone.search import indexer
    from innovationzone.wiki.rendering import render_page

    try:
        with app.app_context():
            user = create_user(
                None,
                {"username": "bench", "password": PASSWORD, "is_admin": True, "department": "IT"},
            )
            _token, secret = create_token(user, "bench")
            engine = db.engine
        api = ApiClient(app.test_client(), secret)
        assert api.post("zones", json={"slug": "bench", "name": "Bench"}).status_code == 201
        tally = Tally()
        tally.listen(engine)
        drain = indexer.drain
        indexer.drain = lambda app_: tally.timed("drain", lambda: drain(app_))

        def save(prefix: str, n: int) -> None:
            body = f"Pagina {n} van {prefix}.\n\n" + body_of(SIZES[n % len(SIZES)], n)
            for text, base in ((body, None), (body + "\n\nEen aanvulling.\n", 1)):
                with app.test_request_context():
                    render_page("bench", f"{prefix}/Pagina_{n}", text)  # kept: the save finds it
                page = {"title": f"Pagina {n}", "body": text, "base_revision": base}
                answer = tally.timed(
                    "request",
                    lambda page=page: api.put(f"zones/bench/pages/{prefix}/Pagina_{n}", page),
                )
                assert answer.status_code in (200, 201), answer.get_data(as_text=True)[:300]

        for n in range(2):
            save("Warm", n)
        tally.counts.clear()
        tally.cpu.clear()
        for n in range(pages):
            save("Bench", n)
        tally.cpu["request"] -= tally.cpu["drain"]  # the drain ran inside the timed request
        return tally, 2 * pages
    finally:
        if postgres:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            postgres.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--pages", type=int, default=30, help="pages created and edited")
    args = parser.parse_args()
    tally, saves = run(args.database, args.pages)
    print(f"{args.database}, {saves} saves, load average {os.getloadavg()[0]:.1f}; per save:")
    print(f"{'phase':<9}" + "".join(f"{what:>11}" for what in EVENTS) + f"{'CPU ms':>9}")
    for phase in ("request", "drain"):
        counts = "".join(f"{tally.counts[(phase, what)] / saves:>11.2f}" for what in EVENTS)
        print(f"{phase:<9}{counts}{tally.cpu[phase] * 1000 / saves:>9.2f}")


if __name__ == "__main__":
    main()
