"""The search engine chosen by IZ_SEARCH_BACKEND, behind one small interface:
ensure(), healthy(), upsert(docs, delete_keys), clear(), optimize() (a step of what follows a
bulk load: merging the index's pieces, refreshing statistics; True while more is left),
search(parsed, ...), and for "did you mean" word_frequency() and words_starting()."""

from __future__ import annotations

from flask import current_app

from innovationzone.search.fts5_backend import Fts5Backend
from innovationzone.search.postgres_backend import PostgresBackend
from innovationzone.search.whoosh_backend import WhooshBackend

Backend = Fts5Backend | WhooshBackend | PostgresBackend


def get_backend() -> Backend:
    """The configured engine: SQLite FTS5 (the embedded default), Whoosh or PostgreSQL."""
    config = current_app.config
    if config["IZ_SEARCH_BACKEND"] == "postgres":
        return PostgresBackend()
    if config["IZ_SEARCH_BACKEND"] == "whoosh":
        return WhooshBackend(config["IZ_DATA_DIR"])
    return Fts5Backend()


def ensure_index() -> bool:
    """Make the index ready; True when it is new and must be filled from the database."""
    return get_backend().ensure()


def healthy() -> bool:
    """Whether the engine answers (for /healthz)."""
    return get_backend().healthy()
