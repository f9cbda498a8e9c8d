"""A question lives in a zone (its readers are the zone's readers), optionally on a topic, and
always has an assignee: the person who stands by it until an answer is accepted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.topics.models import Topic
from innovationzone.zones.models import Zone

OPEN, ANSWERED = "open", "answered"
STATUSES = (OPEN, ANSWERED)
SOURCE_TYPES = ("message", "post")


class Question(Model):
    """A question routed to one assignee in a zone, optionally about a topic and made from a post
    or chat message; open until an answer is accepted."""

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_assignee_status", "assignee_id", "status"),
        # a zone's questions newest first, and "my questions" on the home page, read in index
        # order; the sweep finds the stale open ones without reading the answered ones
        Index("ix_questions_zone_created", "zone_id", "created_at", "id"),
        Index("ix_questions_asker_id_id", "asker_id", "id"),
        Index("ix_questions_open_stale", "status", "escalated_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    asker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    # The chat message or post the question was made from, if any.
    source_type: Mapped[str | None] = mapped_column(String(10), nullable=True)
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Set once, when the question escalated: escalation notifies only once.
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    zone: Mapped[Zone] = relationship()
    topic: Mapped[Topic | None] = relationship()
    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    assignee: Mapped[User] = relationship(foreign_keys=[assignee_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def url(self) -> str:
        """The question's page, used in notifications and the feed."""
        return f"/questions/{self.id}"

    @property
    def accepted_answer(self) -> Answer | None:
        """The answer that settled the question, if any."""
        return next((a for a in self.answers if a.accepted), None)

    def to_dict(self) -> dict:
        """The question as the API shows it (a question's own answer adds a page of answers)."""
        return {
            "id": self.id,
            "zone": self.zone.slug,
            "topic": self.topic.slug if self.topic else None,
            "title": self.title,
            "body": self.body,
            "html": self.html,
            "asker": self.asker.username if self.asker else None,
            "assignee": self.assignee.username,
            "status": self.status,
            "source": {"type": self.source_type, "id": self.source_id}
            if self.source_type
            else None,
            "url": self.url,
            "created_at": isoformat(self.created_at),
            "answered_at": isoformat(self.answered_at),
            "escalated": self.escalated_at is not None,
        }


class Answer(Model):
    """An answer to a question; at most one per question is accepted."""

    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    question: Mapped[Question] = relationship(back_populates="answers")
    author: Mapped[User | None] = relationship()

    @property
    def zone(self) -> Zone:
        """The question's zone, so permissions decide about an answer as about its zone."""
        return self.question.zone

    def to_dict(self) -> dict:
        """The answer as the API shows it; an erased author is null."""
        return {
            "id": self.id,
            "question_id": self.question_id,
            "author": self.author.username if self.author else None,
            "body": self.body,
            "html": self.html,
            "accepted": self.accepted,
            "created_at": isoformat(self.created_at),
        }
