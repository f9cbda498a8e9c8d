"""What each feature tells the feed: which of its entries may still be shown.

An entry is written once, when something happens; a post may later go back to draft, a comment
be hidden, a page deleted. Rather than every such service remembering to delete entries, each
feature registers a condition that the feed adds to its one query, so a vanished object drops
out of every page at once and a page of the feed is still one indexed query.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, or_

from innovationzone.feed.models import FeedEntry

# type -> a condition on FeedEntry.object_id that holds while the object may be shown
_VISIBLE: dict[str, Callable[[], ColumnElement[bool]]] = {}


def register(entry_type: str, visible: Callable[[], ColumnElement[bool]]) -> None:
    _VISIBLE[entry_type] = visible


def visible_condition() -> ColumnElement[bool]:
    """Entries of a registered type whose object is still there; other types never show."""
    return or_(
        *(and_(FeedEntry.type == name, visible()) for name, visible in sorted(_VISIBLE.items()))
    )
