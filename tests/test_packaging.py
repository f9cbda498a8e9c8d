"""A non-editable install must ship templates/, static/ and migrations/ from the top level.

Builds the wheel, installs it into a fresh virtual environment, and serves a page from a
folder that is not the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import requests

from tests.support.live import ROOT, LiveServer

# The install and its server see only what the wheel installed: a PYTHONPATH naming the source
# tree (as when testing a worktree) would show pip the tree's innovationzone.egg-info as
# "already satisfied" (then nothing is installed) and let the server import from the tree.
OUTSIDE_THE_SOURCE_TREE = {**os.environ, "PYTHONPATH": ""}


def test_wheel_ships_templates_static_and_migrations(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("innovationzone-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "innovationzone/templates/base.html",
        "innovationzone/static/css/app.css",
        "innovationzone/migrations/env.py",
        "innovationzone/migrations/versions/0001_foundation.py",
        "innovationzone/static/vendor/socket.io-client/socket.io.min.js",
        "innovationzone/translations/nl/LC_MESSAGES/messages.mo",
    ):
        assert expected in names, expected
    stray = [n for n in names if n.split("/")[0] in ("templates", "static", "migrations", "tests")]
    assert stray == []

    # A fresh environment without a pip of its own (ensurepip took ~3 s of CPU and ~15 s on a busy
    # machine): this pip installs into it (`--python`, pip 22.3+), dependencies and all.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)],
        env=OUTSIDE_THE_SOURCE_TREE,
        check=True,
        capture_output=True,
        timeout=600,
    )

    server = LiveServer(tmp_path / "data", env=OUTSIDE_THE_SOURCE_TREE)
    server.data_dir.mkdir()
    server.start_with(
        [str(env_dir / "bin" / "innovationzone"), "serve", "--port", str(server.port)], cwd=tmp_path
    )
    try:
        page = requests.get(server.url + "/login", timeout=5)
        assert page.status_code == 200 and "<form" in page.text
        assert (
            "Inloggen"
            in requests.get(
                server.url + "/login", headers={"Accept-Language": "nl"}, timeout=5
            ).text
        )
        css = requests.get(server.url + "/static/css/app.css", timeout=5)
        assert css.status_code == 200 and "--accent" in css.text
        assert str(ROOT) not in server.log()
    finally:
        server.stop()


def test_every_python_package_is_listed_in_setup_cfg():
    """setup.cfg lists packages explicitly (to map the top-level folders); a new one must be added."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "innovationzone").rglob("__init__.py")
    }
    assert found - listed == set()
