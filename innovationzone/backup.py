"""Backups an operator can restore: the database, the uploaded files, and a manifest.

The embedded default is copied with SQLite's online backup API, so the server keeps running
and the copy is consistent (a plain file copy of a WAL database is not). PostgreSQL goes
through `pg_dump --format=custom`. The search index is derived from the database: the embedded
FTS5 index is inside the SQLite file, so the copy holds it as consistent as the rest, and a
restore rebuilds it anyway (as it rebuilds a Whoosh folder or the PostgreSQL entries, which are
not copied), so the index always matches the restored content whatever the search backend.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from innovationzone.db import is_sqlite, utcnow
from innovationzone.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
UPLOADS = "wiki-files"  # the folder under IZ_DATA_DIR where attachments live


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _sqlite_path() -> Path:
    database = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
    if not database:
        raise BackupError("The SQLite database is in memory: there is nothing to back up.")
    return Path(database)


def _libpq_url() -> str:
    """The database URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _data_dir() -> Path:
    return Path(current_app.config["IZ_DATA_DIR"])


def create_backup(destination: Path) -> dict:
    """Write a backup into `destination` (a new or empty folder); answers the manifest."""
    from innovationzone.schema import database_revisions

    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: choose a new folder for the backup.")
    if is_sqlite():
        source = sqlite3.connect(_sqlite_path())
        target = sqlite3.connect(destination / "database.sqlite")
        with target:
            source.backup(target)
        source.close()
        target.close()
        kind = "sqlite"
    else:
        _run(
            ["pg_dump", "--format=custom", f"--file={destination / 'database.dump'}", _libpq_url()]
        )
        kind = "postgresql"
    uploads = _data_dir() / UPLOADS
    if uploads.is_dir():
        shutil.copytree(uploads, destination / UPLOADS)
    manifest = {
        "format": FORMAT,
        "database": kind,
        "schema": sorted(database_revisions()),
        "created_at": utcnow().isoformat(timespec="seconds") + "Z",
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(
            f"{source} holds no innovationzone backup ({MANIFEST} missing)."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Backup format {manifest.get('format')!r} is not one this version reads."
        )
    return manifest


def _database_is_empty() -> bool:
    from innovationzone.schema import database_revisions

    return not database_revisions()


def restore_backup(source: Path) -> dict:
    """Restore `source` into this installation's empty database and its data folder; answers the
    manifest. The caller then upgrades the schema and rebuilds the search index (the CLI does)."""
    manifest = _read_manifest(source)
    kind = "sqlite" if is_sqlite() else "postgresql"
    if manifest["database"] != kind:
        raise BackupError(
            f"This backup holds a {manifest['database']} database, but IZ_DATABASE_URL points to "
            f"{kind}: restore it into the same kind of database."
        )
    if not _database_is_empty():
        raise BackupError(
            "The target database is not empty: restore into a fresh data folder (or a new "
            "PostgreSQL database), so nothing is overwritten."
        )
    db.session.remove()
    db.engine.dispose()  # nothing may hold the database while it is replaced
    if kind == "sqlite":
        target = _sqlite_path()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        backup = sqlite3.connect(source / "database.sqlite")
        restored = sqlite3.connect(target)
        with restored:
            backup.backup(restored)
        backup.close()
        restored.close()
    else:
        _run(
            ["pg_restore", "--no-owner", f"--dbname={_libpq_url()}", str(source / "database.dump")]
        )
    if (source / UPLOADS).is_dir():
        shutil.copytree(source / UPLOADS, _data_dir() / UPLOADS, dirs_exist_ok=True)
    return manifest
