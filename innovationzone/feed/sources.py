"""What each feature tells the feed: which of its entries may still be shown.

An entry is written once, when something happens; a post may later go back to draft, a comment
be hidden, a page deleted. Rather than every such service remembering to delete entries, each
feature registers a condition that the feed adds to its one query, so a vanished object drops
out of every page at once and a page of the feed is still one indexed query.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, case, false

from innovationzone.feed.models import FeedEntry

# type -> a condition on FeedEntry.object_id that holds while the object may be shown
_VISIBLE: dict[str, Callable[[], ColumnElement[bool]]] = {}


def register(entry_type: str, visible: Callable[[], ColumnElement[bool]]) -> None:
    """Lets a content feature say when its entries may still show in the feed; the feed itself
    knows no feature's tables."""
    _VISIBLE[entry_type] = visible


def visible_condition() -> ColumnElement[bool]:
    """Entries of a registered type whose object is still there; other types never show.

    A CASE on the type rather than an OR of (type, exists) pairs: given the OR, SQLite reads the
    entries type by type through the (type, object_id) index and sorts them all (330 ms for one
    page at 100,000 entries, bench/feed.py); given the CASE, it walks (created_at, id) newest
    first and stops after one page."""
    return case(
        *((FeedEntry.type == name, visible()) for name, visible in sorted(_VISIBLE.items())),
        else_=false(),
    )
