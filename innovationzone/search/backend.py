"""The search backend chosen by IZ_SEARCH_BACKEND: prepared at start, checked by /healthz."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import text

from ..extensions import db


def _whoosh_dir() -> Path:
    return Path(current_app.config["IZ_DATA_DIR"]) / "search-index"


def _whoosh_schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema

    return Schema(
        key=ID(stored=True, unique=True),
        type=ID(stored=True),
        zone_id=NUMERIC(stored=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        body=TEXT(analyzer=StemmingAnalyzer()),
        updated_at=DATETIME(stored=True),
    )


def ensure_index() -> None:
    """Creates the Whoosh index on first start; PostgreSQL needs nothing beyond migrations."""
    if current_app.config["IZ_SEARCH_BACKEND"] != "whoosh":
        return
    from whoosh import index

    path = _whoosh_dir()
    path.mkdir(parents=True, exist_ok=True)
    if not index.exists_in(path):
        index.create_in(path, _whoosh_schema())


def healthy() -> bool:
    if current_app.config["IZ_SEARCH_BACKEND"] == "whoosh":
        from whoosh import index

        return index.exists_in(_whoosh_dir())
    return db.session.execute(text("SELECT to_tsvector('simple', 'ok')")).scalar() is not None
