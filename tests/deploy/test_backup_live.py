"""Backup and restore as the README documents them: `innovationzone backup create` while the server
runs, `innovationzone backup restore` into a fresh data folder, and the restored server has the
pages, their attachments and their search entries."""

from __future__ import annotations

import subprocess

import pytest
import requests

from tests.api.test_server_live import browser_session
from tests.conftest import PASSWORD
from tests.support.clients import submit_form
from tests.support.databases import PostgresDatabase
from tests.support.live import LiveServer

pytestmark = pytest.mark.slow

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _fill(server: LiveServer) -> None:
    api = {"Authorization": f"Bearer {server.token('admin', PASSWORD)}"}
    requests.post(
        server.url + "/api/v1/zones",
        json={"slug": "winkels", "name": "Winkels"},
        headers=api,
        timeout=10,
    ).raise_for_status()
    requests.put(
        server.url + "/api/v1/zones/winkels/pages/Kassa",
        json={"title": "Kassa", "body": "De kassabon en de pinautomaat.", "base_revision": None},
        headers=api,
        timeout=10,
    ).raise_for_status()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_backup_restores_into_a_fresh_installation(tmp_path, backend):
    databases = []
    env_a: dict[str, str] = {}
    env_b: dict[str, str] = {}
    if backend == "postgres":
        databases = [PostgresDatabase(), PostgresDatabase()]
        env_a = {"IZ_DATABASE_URL": databases[0].url}
        env_b = {"IZ_DATABASE_URL": databases[1].url}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    original = LiveServer(tmp_path / "a", env=env_a)
    restored = LiveServer(tmp_path / "b", env=env_b)
    try:
        original.cli(
            "user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n"
        )
        original.start()
        _fill(original)
        browser = browser_session(original, "admin", PASSWORD)
        submit_form(
            browser,
            original.url + "/z/winkels/wiki/Kassa",
            to=original.url + "/z/winkels/wiki/Kassa/attachments",
            files={"file": ("bon.png", PNG, "image/png")},
            timeout=10,
        ).raise_for_status()
        assert browser.get(original.url + "/z/winkels/wiki/Kassa/files/bon.png").content == PNG
        # the server keeps running while the backup is made
        done = original.cli("backup", "create", str(tmp_path / "backup"))
        assert "Backed up" in done.stdout

        output = restored.cli("backup", "restore", str(tmp_path / "backup"))
        assert "Indexed" in output.stdout
        restored.start()
        token = restored.token("admin", PASSWORD)
        headers = {"Authorization": f"Bearer {token}"}
        page = requests.get(
            restored.url + "/api/v1/zones/winkels/pages/Kassa", headers=headers, timeout=10
        ).json()
        assert page["body"] == "De kassabon en de pinautomaat."
        found = requests.get(
            restored.url + "/api/v1/search",
            params={"q": "pinautomaat"},
            headers=headers,
            timeout=10,
        ).json()
        assert [r["title"] for r in found["results"]] == ["Kassa"]
        again = browser_session(restored, "admin", PASSWORD)
        assert again.get(restored.url + "/z/winkels/wiki/Kassa/files/bon.png").content == PNG
    finally:
        original.stop()
        restored.stop()
        for database in databases:
            database.drop()


def test_restore_refuses_to_overwrite_a_database_in_use(tmp_path):
    server = LiveServer(tmp_path)
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.cli("backup", "create", str(tmp_path / "backup"))
    with pytest.raises(subprocess.CalledProcessError) as refused:
        server.cli("backup", "restore", str(tmp_path / "backup"))
    assert "not empty" in refused.value.stderr
