"""Questions in the home feed: an answered one is news for the zone (asked ones go to their
assignee's queue instead), shown while it stays answered."""

from __future__ import annotations

from sqlalchemy import exists

from innovationzone.feed import sources
from innovationzone.feed.models import FeedEntry
from innovationzone.questions.models import ANSWERED, Question


def register() -> None:
    """Tells the home feed that a question shows only once answered (an open question is not news
    yet)."""
    sources.register(
        "question",
        lambda: exists().where(Question.id == FeedEntry.object_id, Question.status == ANSWERED),
    )
