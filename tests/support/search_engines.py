"""Every search engine, for the tests that keep the optional ones honest: SQLite FTS5 (the
embedded default), PostgreSQL, and Whoosh (IZ_SEARCH_BACKEND=whoosh on SQLite). A module marked
with `every_engine` runs each of its tests on all three instead of on the two databases."""

from __future__ import annotations

import pytest

every_engine = pytest.mark.parametrize("backend", ["sqlite", "postgres", "whoosh"])
