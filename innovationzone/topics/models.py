"""A topic and the content pinned to it. Items point at objects by (type, id), not by foreign
key, because they span three features' tables; a deleted object simply stops showing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.permissions import PermissionCheck, topic_allows

ITEM_TYPES = ("page", "post", "room")


class Topic(Model):
    """A theme gathering pages, posts and rooms across zones, with an owner who stands by it;
    topics live outside zones."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    # Required: every topic has someone who stands by it.
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Archived topics stay readable (links keep working) but leave the list and the feed.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    items: Mapped[list[TopicItem]] = relationship(
        back_populates="topic", cascade="all, delete-orphan"
    )
    co_owners: Mapped[list[TopicCoOwner]] = relationship(
        cascade="all, delete-orphan", order_by="TopicCoOwner.id"
    )

    @property
    def archived(self) -> bool:
        """Whether the topic is kept for reference only (hidden from the default list)."""
        return self.archived_at is not None

    @property
    def permission_check(self) -> PermissionCheck:
        """Topics live outside zones: permissions.topic_allows answers for them."""
        return lambda user, action: topic_allows(user, action, self)

    def to_dict(self) -> dict:
        """The topic as the API shows it, with owner and co-owners by username."""
        return {
            "slug": self.slug,
            "title": self.title,
            "owner": self.owner.username,
            "owner_display_name": self.owner.display_name,
            "owner_department": self.owner.department,
            "description": self.description,
            "co_owners": [c.user.username for c in self.co_owners],
            "archived": self.archived,
            "created_at": isoformat(self.created_at),
        }


class TopicItem(Model):
    """A page, post or room in a topic, by type and id; unique per topic, so adding twice is a
    conflict, not a duplicate."""

    __tablename__ = "topic_items"
    __table_args__ = (UniqueConstraint("topic_id", "item_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    item_type: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int] = mapped_column(Integer)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    topic: Mapped[Topic] = relationship(back_populates="items")


class TopicCoOwner(Model):
    """Someone who shares the owner's say over a topic (edit, archive, delete), not the duty."""

    __tablename__ = "topic_co_owners"
    __table_args__ = (UniqueConstraint("topic_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class TopicFollow(Model):
    """A reader who wants a topic's news on their home page."""

    __tablename__ = "topic_follows"
    __table_args__ = (UniqueConstraint("topic_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
