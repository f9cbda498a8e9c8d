"""deploy/systemd: the unit template passes systemd's own checker, and the command it runs (with
its instance name as the port and the variables of the example environment file) starts a
server that answers /healthz."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from tests.support.live import ROOT, LiveServer, free_port

pytestmark = pytest.mark.slow
UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/innovationzone/venv/bin/innovationzone"


def _unit(tmp_path: Path, port: int) -> Path:
    """The template as installed here: our venv's console script, an env file in tmp_path."""
    script = Path(sys.executable).with_name("innovationzone")
    text = (UNITS / "innovationzone@.service").read_text()
    text = text.replace(INSTALLED, str(script))
    text = text.replace("/etc/innovationzone/env", str(tmp_path / "env"))
    unit = tmp_path / f"innovationzone@{port}.service"
    unit.write_text(text)
    return unit


def test_systemd_accepts_the_unit_template(tmp_path):
    assert INSTALLED in (UNITS / "innovationzone@.service").read_text()
    (tmp_path / "env").write_text((UNITS / "env.example").read_text())
    shutil.copy(UNITS / "innovationzone.target", tmp_path)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(_unit(tmp_path, 5001))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr


def test_the_units_command_serves_on_its_instance_port(tmp_path):
    port = free_port()
    parser = ConfigParser(interpolation=None, strict=False)
    parser.read(_unit(tmp_path, port))
    command = shlex.split(parser["Service"]["ExecStart"].replace("%i", str(port)))
    assert command[-2:] == ["--port", str(port)]
    env_file = dict(
        line.split("=", 1)
        for line in (UNITS / "env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(env_file) >= {"IZ_DATA_DIR", "IZ_DATABASE_URL", "IZ_MESSAGE_QUEUE", "IZ_SECRET_KEY"}
    server = LiveServer(tmp_path)  # the embedded default: the example's services are not here
    server.port, server.url = port, f"http://127.0.0.1:{port}"
    server.start_with(command)
    server.stop()
