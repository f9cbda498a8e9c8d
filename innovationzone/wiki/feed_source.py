"""Wiki edits in the home feed, shown while the page exists (a deleted page drops out)."""

from __future__ import annotations

from sqlalchemy import exists

from innovationzone.feed import sources
from innovationzone.feed.models import FeedEntry
from innovationzone.wiki.models import Page


def register() -> None:
    sources.register(
        "page",
        lambda: exists().where(Page.id == FeedEntry.object_id, Page.deleted_at.is_(None)),
    )
