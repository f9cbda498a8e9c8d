"""The real `innovationzone serve` in a subprocess on a free port, for tests over real HTTP and
real Socket.IO. Kill it (even with SIGKILL) and start it again on the same data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(
        self, data_dir: Path, *, async_mode: str = "eventlet", env: dict | None = None
    ) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "IZ_DATA_DIR": str(data_dir),
            "IZ_ASYNC_MODE": async_mode,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir / "server.log"
        self.startup_seconds: float | None = None

    def cli(
        self, *args: str, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess:
        """Run `innovationzone ARGS` against the same data, as an operator would (check=False:
        a failing command is the expected outcome, e.g. a refused start)."""
        return subprocess.run(
            [sys.executable, "-m", "innovationzone", *args],
            input=input,
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    def serve_command(self) -> list[str]:
        return [sys.executable, "-m", "innovationzone", "serve", "--port", str(self.port)]

    def start(self, timeout: float = 30.0) -> LiveServer:
        return self.start_with(self.serve_command(), timeout=timeout)

    def start_with(
        self, command: list[str], *, cwd: Path = ROOT, timeout: float = 30.0
    ) -> LiveServer:
        """Start `command` (a serve of some installation) and wait until /healthz answers."""
        started = time.monotonic()
        self.spawn(command, cwd=cwd)
        return self.wait_until_healthy(started, timeout)

    def spawn(self, command: list[str] | None = None, *, cwd: Path = ROOT) -> LiveServer:
        """Start the process without waiting for it (several servers starting together)."""
        command = command or self.serve_command()
        with open(self.log_path, "a") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                command, env=self.env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def wait_until_healthy(self, started: float, timeout: float = 30.0) -> LiveServer:
        """Wait until /healthz answers 200; the process dying or the time running out raises."""
        assert self.process is not None
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    self.startup_seconds = time.monotonic() - started
                    return self
            except (requests.ConnectionError, requests.Timeout):  # busy host: ask again
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer /healthz in {timeout}s: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what was committed must survive."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def token(self, username: str, password: str) -> str:
        return api_token(self.url, username, password)

    def api(
        self,
        token: str,
        method: str,
        path: str,
        json: dict | None = None,
        ok: tuple[int, ...] = (200, 201, 204),
    ) -> dict:
        """Call `/api/v1/<path>` as the token's holder, failing the test on any status outside
        `ok`: browser tests set up their data this way, then look at it as a user would."""
        response = requests.request(
            method,
            f"{self.url}/api/v1/{path}",
            json=json,
            timeout=10,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code in ok, response.text
        return response.json() if response.content else {}

    def publish(self, token: str, zone: str, title: str, body: str = "Wat vinden jullie?") -> dict:
        """A published blog post in `zone` by the token's holder, as the API answers it."""
        return self.api(
            token,
            "POST",
            f"zones/{zone}/posts",
            {"title": title, "body": body, "status": "published"},
            ok=(200, 201),
        )


def api_token(base_url: str, username: str, password: str) -> str:
    """A Bearer token from `POST /api/v1/tokens` at `base_url` (a server, or nginx before it)."""
    response = requests.post(
        base_url + "/api/v1/tokens", json={"username": username, "password": password}, timeout=10
    )
    response.raise_for_status()
    return response.json()["token"]
