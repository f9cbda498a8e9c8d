"""Under eventlet (as `serve` runs the app) one blocked call stops every socket of the process.
Each test runs a script from tests/support in its own process, as monkey patching needs: the
writers race without losing an update, a slow render and the slow writes of a busy chat room
(a message's fsync'd commit, its search indexing) leave the hub serving others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    """Run tests/support/<name> with warnings as errors on this checkout's code."""
    return subprocess.run(
        [sys.executable, "-W", "error", str(ROOT / "tests" / "support" / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's code, not an installed one
    )


def test_eventlet_writers_lose_nothing(tmp_path):
    """The race of tests/unit/test_db.py under eventlet's monkey patching (green threads)."""
    result = _run_script("eventlet_writers.py", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "counter=100 errors=0"


def test_eventlet_hub_keeps_running_while_a_render_waits():
    """Other green threads must run while a slow render is in the worker."""
    result = _run_script("eventlet_render.py")
    assert result.returncode == 0, result.stderr
    ticks, fallback = result.stdout.split()
    assert fallback == "fallback"
    assert int(ticks) >= 5  # a blocked hub would not have ticked at all during the 1 s wait


def test_other_sockets_are_served_during_a_durable_commit_and_indexing(tmp_path):
    result = _run_script("eventlet_hub_free.py", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(item.split("=") for item in result.stdout.split()[-4:])
    # the commit still finished before write_transaction returned, the documents are findable
    assert fields["stored"] == "yes"
    assert fields["found"] == "yes"
    # ...and meanwhile another green thread ran (on the old code: never, the hub was blocked)
    assert int(fields["commit_turns"]) > 0
    assert int(fields["index_turns"]) > 0


@pytest.mark.parametrize("mode", ["eventlet", "threads"])
def test_an_overrun_replaces_only_its_own_render_worker_and_the_process_exits(mode):
    """A render past its time limit costs its own text only: its worker is killed and replaced
    while a render beside it succeeds in a worker that stays (no pool restart), under eventlet
    and under threads; then the process exits (a hang on the workers fails the timeout)."""
    result = _run_script("render_overrun.py", mode)
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(item.split("=") for item in result.stdout.split())
    assert fields["normal"] == "ok"  # the concurrent render got its HTML
    assert fields["slow"] == "fallback"  # the overrun got its escaped text
    assert fields["workers"] == "2/2"
    assert fields["kept"] == "yes"  # the normal render's worker was never restarted
    assert fields["replaced"] == "yes"  # exactly the overrunning worker was killed
    assert fields["again"] == "ok"  # and the workers left keep rendering


def test_other_sockets_are_served_while_a_request_waits_for_postgres(postgres_database, tmp_path):
    """psycopg waits for PostgreSQL's answers in C, which eventlet cannot patch: every round
    trip (a COMMIT waiting for its WAL flush) stopped the whole process. The app's engine now
    waits through the hub: another green thread runs meanwhile, and the answer is still right.
    A search drain's analysis (CPU, no wait) gives others a turn after each document."""
    result = _run_script("eventlet_postgres.py", postgres_database.url, str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(item.split("=") for item in result.stdout.split()[-4:])
    assert fields["answer"] == "7"
    assert int(fields["turns"]) > 0  # on the old code: 0, the hub was blocked
    # A drain's documents are analysed with a turn for others after each (on the old code: none
    # between them, all 50 in one go), and they are still found.
    assert fields["between"] == "49/49"
    assert fields["found"] == "yes"
