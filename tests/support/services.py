"""Private Redis, PostgreSQL and nginx instances on free ports, for deployment and fault tests.

They are real servers started from the Debian packages, never mocks, and private so that
stopping one disturbs nothing else on the machine (the shared PostgreSQL and Redis keep serving
other tests). Missing binaries make the tests fail, not skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from tests.support.live import ROOT, free_port


def _wait(check, what: str, timeout: float = 20.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout}s")


class PrivateRedis:
    """`redis-server` on a free port; stop() and start() again on the same port (a restart)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        _wait(lambda: self._pings(client), "redis-server")
        return self

    @staticmethod
    def _pings(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # a crash, not a polite shutdown
            self.process.wait(10)


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[-1]


class PrivatePostgres:
    """A throw-away PostgreSQL cluster (initdb) on a free port, run as the postgres user.

    It lives in its own folder under /tmp, since pytest's tmp_path is private to root and the
    postgres user could not enter it; remove() deletes it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="iz-postgres-"))
        folder = self.folder
        self.data = folder / "pgdata"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        os.makedirs(self.data, exist_ok=True)
        shutil.chown(folder, "postgres")
        shutil.chown(self.data, "postgres")
        self._as_postgres(
            _postgres_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            capture_output=True,
            timeout=60,
            cwd="/",
        )

    def start(self) -> PrivatePostgres:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            _postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
            str(self.folder / "postgres.log"), "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        """Immediate shutdown: connections drop as if the server had gone away."""
        self._as_postgres(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def remove(self) -> None:
        """Stop it if it runs and delete the cluster."""
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Nginx:
    """nginx with the configuration `deploy/render.py` makes for the given backends."""

    def __init__(self, folder: Path, backend_ports: list[int]) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = folder / "nginx.conf"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "deploy" / "render.py"),
                "nginx",
                "--listen",
                f"127.0.0.1:{self.port}",
                "--backends",
                ",".join(f"127.0.0.1:{p}" for p in backend_ports),
                "--standalone",
                str(folder),
                "--output",
                str(self.config),
                "--expose-upstream",
            ],
            check=True,
            timeout=30,
        )
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str = "/healthz") -> Nginx:
        with open(self.folder / "nginx.stderr", "w") as stderr:  # the child keeps its own copy
            self.process = subprocess.Popen(
                ["nginx", "-c", str(self.config), "-g", "daemon off;"], stderr=stderr
            )
        import requests

        def answers() -> bool:
            try:
                return requests.get(self.url + ready_path, timeout=1).status_code == 200
            except requests.ConnectionError:
                return False

        _wait(answers, "nginx")
        return self

    def errors(self) -> str:
        """What nginx logged (warn and above): why it moved a request to another process."""
        log = self.folder / "error.log"
        return log.read_text() if log.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(10)
