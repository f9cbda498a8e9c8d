"""FTS5 under incremental indexing: does its automerge keep the index in few segments, or must
optimize() (what `search reindex` runs after its bulk load) also run now and then? Prints a
table; never run as a test.

    python bench/fts5_segments.py [--docs 20000] [--queries 50]

The documents of bench/search.py are written one per transaction (as saves reach the index),
then the same 1- and 2-word queries are timed before and after an optimize(): the optimized
index is the baseline in the same run. Segment counts are read from FTS5's structure record.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search import AppEngine, documents, queries, query_times  # noqa: E402

STRUCTURE_V2 = b"\xff\x00\x00\x01"


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's varint at `at`: its value and where the next one starts."""
    value = 0
    for n in range(8):
        byte = data[at + n]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + n + 1
    return (value << 8) | data[at + 8], at + 9


def segments() -> int:
    """How many segments the index is in (FTS5's structure record: a 4-byte cookie, in newer
    versions a marker, then the number of levels and the number of segments)."""
    from sqlalchemy import text

    from innovationzone.extensions import db

    record = db.session.scalar(text("SELECT block FROM search_fts_data WHERE id = 10"))
    at = 8 if record[4:8] == STRUCTURE_V2 else 4
    _levels, at = _varint(record, at)
    return _varint(record, at)[0]


def timed(engine: AppEngine, per_length: int) -> dict[str, float]:
    """1- and 2-word query percentiles, in ms."""
    row = {}
    for length, texts in queries(per_length).items():
        if length <= 2:
            row[f"{length}w p50"], row[f"{length}w p95"] = query_times(engine, texts)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=50, help="per query length")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="iz-bench-segments-")
    try:
        engine = AppEngine("sqlite", folder, None)
        most = 0
        started = time.perf_counter()
        for n, document in enumerate(documents(args.docs), start=1):
            engine.index([document])
            if n % 500 == 0:
                most = max(most, segments())
        upserts = args.docs / (time.perf_counter() - started)
        rows = {"single upserts": {"segments": segments(), **timed(engine, args.queries)}}
        from innovationzone.search.indexer import optimize

        optimize(engine.backend)
        rows["optimized"] = {"segments": segments(), **timed(engine, args.queries)}
        engine.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.docs} documents upserted one per transaction ({upserts:.0f}/s), at most {most}")
    print("segments seen (every 500); then optimize() as `search reindex` runs it (times in ms)")
    print(f"(load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} at the end)")
    columns = list(rows["optimized"])
    print(f"{'index':<16}" + "".join(f"{c:>10}" for c in columns))
    for name, row in rows.items():
        print(f"{name:<16}" + "".join(f"{row[c]:>10.1f}" for c in columns))


if __name__ == "__main__":
    main()
