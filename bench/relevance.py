"""nDCG@10 of search over the demo organisation, on every engine, beside plain BM25.

    python bench/relevance.py [--show QUERY]

Loads `innovationzone demo` into fresh SQLite folders (the FTS5 engine, and Whoosh) and a fresh
PostgreSQL database (postgres backend, 127.0.0.1:5432), runs every query of bench/relevance.json as the admin anouk
through `search.services.search(type="page", limit=10)`, and prints nDCG@10 per engine and per
language beside plain Okapi BM25 (k1=1.2, b=0.75, lower-cased words, no stemming) computed here
over the same pages. Never run as a test.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from organisation import postgres_database  # noqa: E402

JUDGED = json.loads((ROOT / "bench" / "relevance.json").read_text())["queries"]
ENGLISH = {  # the queries typed in English; the rest are Dutch
    q
    for q in JUDGED
    if q.split()[0]
    in "return refund delivery same cargo pickup warehouse stock store supplier plastic "
    "customer nps loyalty training payment personal".split()
}


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best


def key_of(url: str) -> str:
    return url.split("/z/", 1)[1].replace("/wiki/", "/", 1)


class BM25:
    """Plain Okapi BM25 over lower-cased words: the reference every engine should reach."""

    def __init__(self, documents: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.tf = {
            key: Counter(re.findall(r"\w+", text.lower())) for key, text in documents.items()
        }
        self.length = {key: sum(tf.values()) for key, tf in self.tf.items()}
        self.average = sum(self.length.values()) / len(self.length)
        self.df = Counter(word for tf in self.tf.values() for word in tf)
        self.k1, self.b, self.n = k1, b, len(documents)

    def rank(self, query: str) -> list[str]:
        scores: Counter[str] = Counter()
        for word in set(re.findall(r"\w+", query.lower())):
            df = self.df.get(word, 0)
            if not df:
                continue
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            for key, tf in self.tf.items():
                if f := tf.get(word):
                    norm = self.k1 * (1 - self.b + self.b * self.length[key] / self.average)
                    scores[key] += idf * f * (self.k1 + 1) / (f + norm)
        return [key for key, _ in scores.most_common(10)]


def run(backend: str, data_dir: str, database_url: str | None) -> tuple[dict, dict]:
    from innovationzone.app import create_app

    config = {"IZ_DATA_DIR": data_dir, "IZ_SEARCH_BACKEND": backend, "SEARCH_SYNC": True}
    config["PASSWORD_HASH"] = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    if database_url:
        config["IZ_DATABASE_URL"] = database_url
    app = create_app(config)
    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.cli import prepare_storage
        from innovationzone.demo import load_demo
        from innovationzone.search import services
        from innovationzone.search.documents import source
        from innovationzone.search.indexer import reindex

        prepare_storage()
        load_demo()
        reindex()
        user = get_user("anouk")
        rankings = {
            q: [key_of(hit.url) for hit in services.search(user, q, type_="page", limit=10)[1]]
            for q in JUDGED
        }
        pages = {key_of(d.url): f"{d.title}\n{d.body}" for d in source("page").load_all()}
    return rankings, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", help="print each engine's ranking for this query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as fts5_dir:
        fts5, pages = run("sqlite", fts5_dir, None)
    with tempfile.TemporaryDirectory() as whoosh_dir, tempfile.TemporaryDirectory() as pg_dir:
        whoosh, _ = run("whoosh", whoosh_dir, None)
        url, drop = postgres_database()
        try:
            postgres, _ = run("postgres", pg_dir, url)
        finally:
            drop()
    bm25 = BM25(pages)
    systems = {
        "BM25 (plain, reference)": {q: bm25.rank(q) for q in JUDGED},
        "SQLite FTS5": fts5,
        "Whoosh": whoosh,
        "PostgreSQL": postgres,
    }
    missing = {k for grades in JUDGED.values() for k in grades} - set(pages)
    assert not missing, f"judged pages not in the demo: {sorted(missing)}"
    groups = {
        "all": list(JUDGED),
        "Dutch": [q for q in JUDGED if q not in ENGLISH],
        "English": sorted(ENGLISH),
    }
    print(f"{len(JUDGED)} judged queries over {len(pages)} demo pages; nDCG@10")
    print(f"{'system':<26}" + "".join(f"{g} ({len(qs)})".rjust(14) for g, qs in groups.items()))
    for name, rankings in systems.items():
        cells = [sum(ndcg(rankings[q], JUDGED[q]) for q in qs) / len(qs) for qs in groups.values()]
        print(f"{name:<26}" + "".join(f"{c:14.3f}" for c in cells))
    if args.show:
        for name, rankings in systems.items():
            print(name, rankings[args.show])


if __name__ == "__main__":
    main()
