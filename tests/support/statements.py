"""Recording the SQL an engine runs: the tests that prove a path's database work stays bounded
(a cached page view is one statement, a history page costs the same at 10 and 2,000 pages, a
join runs three) all count statements the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def recorded(engine: Engine) -> Iterator[list[str]]:
    """The statements `engine` runs meanwhile, lowercased, in a list filled as they run."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001 - DB-API objects
        seen.append(statement.lower())

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
