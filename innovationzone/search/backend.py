"""The search engine chosen by IZ_SEARCH_BACKEND, behind one small interface:
ensure(), healthy(), upsert(docs, delete_keys), clear(), search(parsed, ...)."""

from __future__ import annotations

from flask import current_app

from innovationzone.search.postgres_backend import PostgresBackend
from innovationzone.search.whoosh_backend import WhooshBackend


def get_backend() -> WhooshBackend | PostgresBackend:
    config = current_app.config
    if config["IZ_SEARCH_BACKEND"] == "postgres":
        return PostgresBackend()
    return WhooshBackend(config["IZ_DATA_DIR"])


def ensure_index() -> bool:
    """Make the index ready; True when it is new and must be filled from the database."""
    return get_backend().ensure()


def healthy() -> bool:
    return get_backend().healthy()
