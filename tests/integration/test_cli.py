"""The command line as a real process: the entry point starts with warnings as errors."""

from __future__ import annotations

import subprocess
import sys


def test_help_runs_with_warnings_as_errors(tmp_path):
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "innovationzone", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"IZ_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    for command in ("serve", "db", "user", "demo"):
        assert command in result.stdout
