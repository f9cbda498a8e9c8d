"""The database schema and this code agree before anything is served.

Several processes may start together against one PostgreSQL database (systemd starting N
`serve` units): the migrations then run once, under an advisory lock taken inside the migration
transaction (migrations/env.py), and the others find the schema current. A process whose code
is older than the schema (a rolling deploy gone wrong) or newer than it when upgrading was left
to the operator refuses to start with a message that says what to do, instead of failing later
on a missing column.
"""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from flask import current_app

from innovationzone.extensions import db

# pg_advisory_xact_lock key shared by every process of an installation: "izmg" in ASCII.
MIGRATION_LOCK_KEY = 0x697A6D67


class SchemaMismatch(RuntimeError):
    """The database's schema revision is not the one this code was written for."""


def _script() -> ScriptDirectory:
    return ScriptDirectory(current_app.extensions["migrate"].directory)


def database_revisions() -> set[str]:
    """The revisions recorded in the database (empty for a new database)."""
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def check_known() -> None:
    """Refuse a database migrated by a newer version of innovationzone."""
    script = _script()
    unknown = sorted(r for r in database_revisions() if _revision_or_none(script, r) is None)
    if unknown:
        raise SchemaMismatch(
            f"The database schema is at revision {', '.join(unknown)}, which this version of "
            f"innovationzone does not know (it knows up to {script.get_current_head()}). It was "
            "migrated by a newer version: start that version, or restore a backup."
        )


def check_current() -> None:
    """Refuse to serve on a schema older than the code (when upgrading is left to the operator)."""
    check_known()
    head = _script().get_current_head()
    current = database_revisions()
    if current != {head}:
        found = ", ".join(sorted(current)) or "empty"
        raise SchemaMismatch(
            f"The database schema is at revision {found}, but this version of innovationzone "
            f"needs {head}. Run `innovationzone db upgrade` first."
        )


def _revision_or_none(script: ScriptDirectory, revision: str) -> Script | None:
    try:
        return script.get_revision(revision)
    except Exception:  # alembic raises for ids it cannot resolve
        return None
