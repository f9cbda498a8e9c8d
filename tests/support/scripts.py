"""Running a script of tests/support in a fresh interpreter: how tests check what only a new
process shows (eventlet's monkey patching, worker processes, a clean exit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    """Run tests/support/`name` with `args` on this checkout's code, warnings as errors; a hang
    (at exit, say) fails after two minutes instead of stalling the suite."""
    return subprocess.run(
        [sys.executable, "-W", "error", str(ROOT / "tests" / "support" / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
