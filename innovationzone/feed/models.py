from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.zones.models import Zone


class FeedEntry(Model):
    """One thing that happened, written in the same transaction as the thing itself.

    A table rather than a union of each feature's tables at read time: the feed pages by
    (created_at, id) with one indexed query however many kinds of content there are, and an
    entry is never lost or written for a rolled-back change. Whether the object may still be
    shown (a post back in draft, a deleted page) is asked at read time (feed.sources).
    """

    __tablename__ = "feed_entries"
    __table_args__ = (
        Index("ix_feed_entries_created_at_id", "created_at", "id"),
        Index("ix_feed_entries_object", "type", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))  # page, post, comment, message, question
    object_id: Mapped[int] = mapped_column(Integer)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
    zone: Mapped[Zone] = relationship()

    def to_dict(self) -> dict:
        """An entry as the feed API shows it; an erased actor is null."""
        return {
            "type": self.type,
            "id": self.object_id,
            "zone": self.zone.slug,
            "title": self.title,
            "url": self.url,
            "actor": self.actor.username if self.actor else None,
            "created_at": isoformat(self.created_at),
            "summary": self.summary,
        }
