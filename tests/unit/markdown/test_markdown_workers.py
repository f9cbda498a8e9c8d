"""A render that overruns its time limit costs its own text only: its worker is killed and
replaced, while a render beside it succeeds in a worker that stays (no pool restart)."""

from __future__ import annotations

import pytest

from tests.support.scripts import run_script


@pytest.mark.parametrize("mode", ["eventlet", "threads"])
def test_an_overrun_replaces_only_its_own_worker_and_the_process_exits(mode):
    result = run_script("render_overrun.py", mode)
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(item.split("=") for item in result.stdout.split())
    assert fields["normal"] == "ok"  # the concurrent render got its HTML
    assert fields["slow"] == "fallback"  # the overrun got its escaped text
    assert fields["workers"] == "2/2"
    assert fields["kept"] == "yes"  # the normal render's worker was never restarted
    assert fields["replaced"] == "yes"  # exactly the overrunning worker was killed
    assert fields["again"] == "ok"
