"""Wiki edits in the home feed, shown while the page exists (a deleted page drops out)."""

from __future__ import annotations

from sqlalchemy import exists

from innovationzone.feed import sources
from innovationzone.feed.models import FeedEntry
from innovationzone.wiki.models import Page


def register() -> None:
    """Tells the home feed that a page's entries show only while the page is not deleted."""
    sources.register(
        "page",
        lambda: exists().where(Page.id == FeedEntry.object_id, Page.deleted_at.is_(None)),
    )
