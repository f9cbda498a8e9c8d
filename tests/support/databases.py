"""Test databases: a migrated SQLite template copied per test, and one PostgreSQL database per
test session, truncated between tests. Both go through the real Alembic migrations."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get(
    "IZ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def migrate(app) -> None:  # noqa: ANN001
    from innovationzone.cli import prepare_storage

    with app.app_context():
        prepare_storage()
        from innovationzone.extensions import db

        db.session.remove()
        db.engine.dispose()


class SQLiteTemplate:
    def __init__(self, folder: Path, make_app) -> None:  # noqa: ANN001
        self.folder = folder
        self.database = folder / "innovationzone.db"
        app = make_app({"IZ_DATA_DIR": str(folder)})
        migrate(app)
        # fold the WAL into the main file so a plain copy is complete
        con = sa.create_engine(f"sqlite:///{folder / 'innovationzone.db'}")
        with con.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        con.dispose()

    def copy_to(self, data_dir: Path) -> None:
        shutil.copy(self.database, data_dir / "innovationzone.db")
        shutil.copy(self.folder / "secret_key", data_dir / "secret_key")


class PostgresDatabase:
    """A fresh database per test session, so concurrent runs and old data never interfere."""

    def __init__(self) -> None:
        self.name = f"iz_test_{uuid.uuid4().hex[:10]}"
        self.admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as c:  # fails loudly when PostgreSQL is missing: never a skip
            c.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name
        self.migrated = False

    def truncate(self) -> None:
        engine = sa.create_engine(self.url)
        with engine.begin() as c:
            tables = [
                row[0]
                for row in c.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                    "AND tablename <> 'alembic_version'"
                )
            ]
            if tables:
                c.exec_driver_sql(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
        engine.dispose()

    def drop(self) -> None:
        with self.admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()
