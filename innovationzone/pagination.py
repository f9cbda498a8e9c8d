"""Keyset pagination for every list: `limit` (1-100, default 50) and an opaque `cursor`.

Why keyset and not OFFSET: the cost of a page stays the same however deep a reader pages and
however large the list grows, and a row written meanwhile neither repeats nor vanishes between
pages. The cursor is the sort key of the last row shown, so any index on (key..., id) serves it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import Select

from innovationzone.errors import ValidationError
from innovationzone.extensions import db

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and the cursor of the next (None on the last page)."""

    items: list[T]
    next: str | None


def parse_limit(raw: Any, default: int = DEFAULT_LIMIT) -> int:
    """The page size a client asked for, bounded; a bad value is a 400, never a 500."""
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(_l("'limit' must be a whole number."), field="limit") from None
    if not 1 <= value <= MAX_LIMIT:
        raise ValidationError(
            _l("'limit' must be between 1 and %(max)s.", max=MAX_LIMIT), field="limit"
        )
    return value


def encode_cursor(values: tuple[Any, ...]) -> str:
    """An opaque `next` cursor for the last row's sort key, so clients pass it back rather than
    build it."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, columns: tuple[InstrumentedAttribute, ...]) -> tuple[Any, ...]:
    """The key values inside a cursor, typed like `columns`; anything else is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError
        return tuple(_typed(value, column) for value, column in zip(values, columns, strict=True))
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise foreign_cursor() from None


def foreign_cursor() -> ValidationError:
    """The 400 for a cursor this server did not give out (or gave out for another list)."""
    return ValidationError(_l("'cursor' is not one this server gave out."), field="cursor")


def _typed(value: Any, column: InstrumentedAttribute) -> Any:
    python_type = column.type.python_type
    if python_type is datetime:
        if not isinstance(value, str):
            raise ValueError
        return datetime.fromisoformat(value)
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) >= 2**63:
            raise ValueError
        return value
    if not isinstance(value, python_type):
        raise ValueError
    return value


def keyset(
    stmt: Select,
    key: tuple[InstrumentedAttribute, ...],
    *,
    limit: int,
    cursor: str | None,
    descending: bool = True,
) -> Page:
    """Run `stmt` (a select of one entity) ordered by `key` (unique together, e.g. (created_at,
    id)) and return `limit` rows after `cursor`. One query; it fetches one extra row to know
    whether there is a next page."""
    if cursor:
        after = decode_cursor(cursor, key)
        row, bound = sa.tuple_(*key), sa.tuple_(*after)
        stmt = stmt.where(row < bound if descending else row > bound)
    order = [c.desc() if descending else c.asc() for c in key]
    rows = list(db.session.scalars(stmt.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(tuple(getattr(rows[-1], c.key) for c in key)) if more else None
    return Page(items=rows, next=next_cursor)


def next_page_url(
    cursor: str, param: str = "cursor", endpoint: str | None = None, **route: Any
) -> str:
    """This page's URL with `param` set to `cursor`, every other argument (`limit`, filters, a
    second list's cursor) kept, so a page's "more" link shows the same list at the same size.

    `endpoint` and its `route` values name the page's own (GET) view when the answer is another
    view's: a POST that shows the page (a new feed key's secret, shown once on the person page)
    would otherwise link its next page to the POST-only route, a 405.

    Only the list's own arguments: a query argument naming one of the route's (a zone's slug)
    or one of url_for's (`_external`, `_scheme`, `_anchor`, `_method`) is dropped, else a
    crafted link made the "more" link point elsewhere or the page a 500 (a BuildError).
    Repeated arguments keep every value."""
    if endpoint is None:
        endpoint, route = request.endpoint or "", request.view_args or {}
    args: dict[str, Any] = {
        name: values
        for name, values in request.args.lists()
        if not name.startswith("_") and name not in route
    }
    args[param] = cursor
    return url_for(endpoint, **route, **args)


def offset_cursor(offset: int) -> str:
    """A cursor for ranked lists (search results), which have no sort key to continue from."""
    return encode_cursor(("offset", offset))


def parse_offset_cursor(cursor: str | None) -> int:
    """The offset inside an `offset_cursor`; 0 without one; anything else is a 400."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, offset = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if kind != "offset" or not isinstance(offset, int) or isinstance(offset, bool):
            raise ValueError
        if not 0 <= offset < 2**31:
            raise ValueError
        return offset
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise foreign_cursor() from None
