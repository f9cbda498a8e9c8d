"""Search at scale: SQLite FTS5 (the embedded default), PostgreSQL and Whoosh over the same generated
documents, in one run. Prints a table; never run as a test.

    python bench/search.py [--docs 100000] [--queries 50] [--saves 20] [--engines whoosh,postgres,fts5]
                           [--whoosh-max 5000] [--keep DIR] [--cpu]

Documents are generated (seeded): Dutch and English words with Zipf-like frequencies, titles of
2-8 words, bodies of 20-600 words, in 20 zones. Each engine indexes them in batches of 1,000
and then optimizes the index, merging its pieces (what `search reindex` does), then answers 1-,
2- and 3-word queries (words drawn from the same distribution, so common and rare ones) as a reader of 10 of the 20 zones, limit 10, with the
snippets of the page. Save-to-searchable is one new document written (in its own transaction)
until a search finds it. `--keep DIR` (one engine) keeps the built index in DIR and, when DIR
holds one already, reuses it (no indexing, no optimize: docs/s and optimize s are then left out)
to iterate on queries quickly; save→found then adds to it. Figures are server-side, without HTTP; on a busy machine they are
noisy: compare engines within one run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from organisation import postgres_database  # noqa: E402

from innovationzone.search.documents import SearchDocument  # noqa: E402

SYLLABLES = (
    "klant reis fiets winkel kassa pak ket re tour be zorg lever an cier mag azijn voor raad "
    "order ship ment store sale price deliv ery ware house stock count plan ning team data "
    "ver koop in kop ma nage ment ser vice desk web shop app pro ces bon scan pin".split()
)
SUFFIXES_NL = ["", "", "en", "s", "en", "ing", "ingen", "tje", "je"]
SUFFIXES_EN = ["", "", "s", "ing", "ed", "er", "ers"]
ZONES = 20
READABLE = set(range(1, 11))


def vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        suffix = rng.choice(SUFFIXES_NL if rng.random() < 0.6 else SUFFIXES_EN)
        word = stem + suffix
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Zipf:
    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words, self.rng = words, rng
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
        total, acc = sum(weights), 0.0
        self.cumulative = []
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def draw(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)


def documents(count: int, seed: int = 7) -> Iterator[SearchDocument]:
    rng = random.Random(seed)
    zipf = Zipf(vocabulary(rng), rng)
    now = datetime(2026, 1, 1)
    for n in range(1, count + 1):
        length = int(min(600, max(20, rng.lognormvariate(4.6, 0.7))))
        title = " ".join(zipf.draw(rng.randint(2, 8))).capitalize()
        words = zipf.draw(length)
        body = ". ".join(" ".join(words[i : i + 12]).capitalize() for i in range(0, length, 12))
        yield SearchDocument(
            type="page",
            id=n,
            title=title,
            body=body,
            url=f"/z/z{n % ZONES + 1}/wiki/P{n}",
            zone_id=n % ZONES + 1,
            updated_at=now,
        )


def queries(per_length: int, seed: int = 11) -> dict[int, list[str]]:
    rng = random.Random(seed)
    zipf = Zipf(vocabulary(random.Random(7)), rng)
    return {k: [" ".join(zipf.draw(k)) for _ in range(per_length)] for k in (1, 2, 3)}


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class AppEngine:
    """SQLite FTS5, Whoosh or PostgreSQL behind innovationzone's own backend interface."""

    def __init__(self, name: str, data_dir: str, database_url: str | None) -> None:
        from innovationzone.app import create_app

        config = {"IZ_DATA_DIR": data_dir, "IZ_SEARCH_BACKEND": name, "SEARCH_SYNC": True}
        if database_url:
            config["IZ_DATABASE_URL"] = database_url
        self.name, self.data_dir = name, Path(data_dir)
        self.app = create_app(config)
        self.context = self.app.app_context()
        self.context.push()
        from innovationzone.cli import prepare_storage
        from innovationzone.search.backend import get_backend

        prepare_storage()
        self.backend = get_backend()

    def index(self, batch: list[SearchDocument]) -> None:
        from innovationzone.db import write_transaction

        with write_transaction():
            self.backend.upsert(batch)

    def search(self, text: str) -> list[str]:
        from innovationzone.search.query import Filters, parse
        from innovationzone.search.services import snippet

        parsed = parse(text)
        _total, hits = self.backend.search(
            parsed, zone_ids=READABLE, user_id=1, filters=Filters(), limit=10, offset=0
        )
        words = parsed.highlight_words()
        return [snippet(h["body"], words) and h["url"] for h in hits]

    def settle(self) -> None:
        """What `search reindex` does after its bulk load: the engine's optimize() (FTS5 and
        Whoosh merge their segments). PostgreSQL's postings' index is also read alone only
        once the pages are marked visible: autovacuum would do that a while later; without it
        it scans every document."""
        from innovationzone.search.indexer import optimize

        optimize(self.backend)
        if self.name == "postgres":
            from sqlalchemy import text

            from innovationzone.extensions import db

            db.session.commit()
            with db.engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                for table in ("search_entries", "search_terms", "search_postings"):
                    connection.execute(text(f"VACUUM ANALYZE {table}"))

    def size(self) -> int:
        if self.name == "whoosh":
            return folder_size(self.data_dir / "search-index")
        if self.name == "sqlite":  # the database holds little but the index here
            return sum(f.stat().st_size for f in self.data_dir.glob("innovationzone.db*"))
        from sqlalchemy import text

        from innovationzone.extensions import db

        return db.session.scalar(
            text(
                "SELECT pg_total_relation_size('search_entries') "
                "+ pg_total_relation_size('search_terms') "
                "+ pg_total_relation_size('search_postings')"
            )
        )

    def close(self) -> None:
        from innovationzone.extensions import db

        db.session.remove()
        db.engine.dispose()
        self.context.pop()


CLOCK = time.perf_counter  # --cpu: time.process_time


def query_times(engine, texts: list[str]) -> tuple[float, float]:  # noqa: ANN001
    """p50 and p95 of the texts' searches, in ms, after one to warm the caches."""
    engine.search(texts[0])
    times = []
    for text in texts:
        t0 = CLOCK()
        engine.search(text)
        times.append((CLOCK() - t0) * 1000)
    return percentiles(times)


def build(engine, count: int) -> dict:  # noqa: ANN001
    """Index the generated documents in batches of 1,000, then optimize (`search reindex`)."""
    started, batch = time.perf_counter(), []
    for document in documents(count):
        batch.append(document)
        if len(batch) == 1000:
            engine.index(batch)
            batch = []
    if batch:
        engine.index(batch)
    indexing = time.perf_counter() - started
    started = time.perf_counter()
    engine.settle()
    return {"docs/s": count / indexing, "optimize s": time.perf_counter() - started}


def measure(engine, count: int, per_length: int, saves: int, built: bool) -> dict:  # noqa: ANN001
    result: dict = {"docs": count}
    if not built:
        result.update(build(engine, count))
    result["size MB"] = engine.size() / 1e6
    for length, texts in queries(per_length).items():
        result[f"{length}w p50"], result[f"{length}w p95"] = query_times(engine, texts)
    fresh = []
    for n in range(saves):
        word = f"uniekwoord{n}x{uuid.uuid4().hex[:6]}"
        doc = SearchDocument(
            type="page",
            id=count + n + 1,
            title="Nieuw",
            body=f"Een verse pagina over {word}.",
            url=f"/z/z1/wiki/New{n}",
            zone_id=2,
            updated_at=datetime(2026, 1, 2),
        )
        t0 = CLOCK()
        engine.index([doc])
        while not engine.search(word):
            pass
        fresh.append((CLOCK() - t0) * 1000)
    result["save p50"], result["save p95"] = percentiles(fresh)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50, help="per query length")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--engines", default="fts5,postgres,whoosh")
    parser.add_argument(
        "--whoosh-max",
        type=int,
        default=5000,
        help="Whoosh indexes at most this many documents (it indexes about 8 a second)",
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the index in DIR, or reuse the one there (one engine)"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="query and save times in CPU ms of this process, not wall-clock ms: on a machine "
        "shared with other work the load inflates wall-clock times (PostgreSQL's own work is "
        "then not counted)",
    )
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    if args.keep and ("," in args.engines or args.engines == "postgres"):
        parser.error("--keep takes one engine: fts5 or whoosh")
    results = {}
    for name in args.engines.split(","):
        count = args.docs
        if name == "whoosh" and count > args.whoosh_max:
            count = args.whoosh_max
            print(
                f"whoosh: {count} documents, not {args.docs}: at about 8 documents a second "
                f"the full set would take hours (--whoosh-max raises the cap)",
                file=sys.stderr,
            )
        folder = args.keep or tempfile.mkdtemp(prefix=f"iz-bench-{name}-")
        built = bool(args.keep) and (Path(folder) / "built").exists()
        drop = None
        try:
            if name == "fts5":  # the app's embedded engine, IZ_SEARCH_BACKEND=sqlite
                engine = AppEngine("sqlite", folder, None)
            else:
                url = None
                if name == "postgres":
                    url, drop = postgres_database()
                engine = AppEngine(name, folder, url)
            results[name] = measure(engine, count, args.queries, args.saves, built)
            engine.close()
            if args.keep:
                (Path(folder) / "built").write_text(f"{count} documents\n")
        finally:
            if drop:
                drop()
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        print(f"{name}: done {results.get(name)}", file=sys.stderr)
    columns = list(next(iter(results.values())))
    unit = "CPU ms of this process" if args.cpu else "ms"
    print(f"{args.docs} documents, {args.queries} queries per length, limit 10 (times in {unit})")
    print("(each index optimized after the bulk load, as `search reindex` does)")
    print(f"(load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} at the end)")
    print(f"(machine: {os.cpu_count()} cores, shared with other work: compare rows within a run)")
    print(f"{'engine':<10}" + "".join(f"{c:>11}" for c in columns))
    for name, row in results.items():
        print(
            f"{name:<10}"
            + "".join(f"{row[c]:>11.1f}" if c != "docs" else f"{row[c]:>11}" for c in columns)
        )


if __name__ == "__main__":
    main()
