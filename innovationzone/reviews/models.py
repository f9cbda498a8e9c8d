"""A review duty on one wiki page or one topic. One table for both, so an owner's queue is one
indexed query ordered by due date (overdue first); exactly one of page_id and topic_id is set."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.extensions import Model
from innovationzone.topics.models import Topic
from innovationzone.wiki.models import Page


class Review(Model):
    """A review duty on one page or one topic (exactly one, by constraint): one table so an
    owner's queue is one indexed query by due date."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("(page_id IS NULL) <> (topic_id IS NULL)", name="one_subject"),
        Index("ix_reviews_owner_due", "owner_id", "due_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    interval_days: Mapped[int] = mapped_column(Integer)
    # Midnight UTC of the due date: "overdue" is simply due_at <= now.
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # The due date the owner was last told about: one notification per due date, never two.
    notified_due_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    page: Mapped[Page | None] = relationship()
    topic: Mapped[Topic | None] = relationship()

    @property
    def subject(self) -> Page | Topic:
        """The page or topic under review; the check constraint guarantees exactly one is set."""
        return self.page if self.page is not None else self.topic  # type: ignore[return-value]  # one_subject: one is set

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Whether the due date has passed, as of `now` (default: this moment)."""
        return self.due_at <= (now or utcnow())
