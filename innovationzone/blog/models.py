"""Posts, comments, tags, reactions and feed keys.

Comments and posts expose `.zone` and `.author_id`, so permissions.can() answers for them
exactly as for the zone they live in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.zones.models import Zone

DRAFT, PUBLISHED = "draft", "published"
STATUSES = (DRAFT, PUBLISHED)


class Post(Model):
    """A blog post in a zone: a draft only its author sees, or published for the zone's readers."""

    __tablename__ = "blog_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    zone: Mapped[Zone] = relationship()
    author: Mapped[User] = relationship()
    tag_rows: Mapped[list[PostTag]] = relationship(
        cascade="all, delete-orphan", order_by="PostTag.tag", back_populates="post"
    )

    @property
    def is_published(self) -> bool:
        """Whether readers other than the author may see it."""
        return self.status == PUBLISHED

    @property
    def tags(self) -> list[str]:
        """The tag names in stored order, for display and the API."""
        return [row.tag for row in self.tag_rows]

    @property
    def updated_at(self) -> datetime:
        """When the post last changed for readers (edit, publication or creation), used by the
        Atom feed."""
        return self.edited_at or self.published_at or self.created_at

    def url(self) -> str:
        """The post's page, under its zone so links survive renames of nothing but the title."""
        return f"/z/{self.zone.slug}/blog/{self.id}"

    def to_dict(self, *, with_body: bool = True) -> dict:
        """The post as the API shows it; the body only when asked for, since lists only need the
        excerpt."""
        data = {
            "id": self.id,
            "zone": self.zone.slug,
            "title": self.title,
            "excerpt": self.excerpt,
            "tags": self.tags,
            "status": self.status,
            "author": self.author.username,
            "author_display_name": self.author.display_name,
            "created_at": isoformat(self.created_at),
            "published_at": isoformat(self.published_at),
            "edited": self.edited_at is not None,
            "edited_at": isoformat(self.edited_at),
            "url": self.url(),
        }
        if with_body:
            data.update(body=self.body, html=self.html)
        return data


class PostTag(Model):
    """One tag of a post, a row so posts can be listed by tag with an index."""

    __tablename__ = "blog_post_tags"
    __table_args__ = (UniqueConstraint("post_id", "tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("blog_posts.id", ondelete="CASCADE"), index=True
    )
    tag: Mapped[str] = mapped_column(String(40), index=True)

    post: Mapped[Post] = relationship(back_populates="tag_rows")


class Comment(Model):
    """A comment or a reply (parent_id). Deleted ones keep their row so replies keep a thread."""

    __tablename__ = "blog_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("blog_posts.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("blog_comments.id", ondelete="CASCADE"), nullable=True, index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    post: Mapped[Post] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def zone(self) -> Zone:
        """The post's zone, so permissions decide about a comment as about its zone."""
        return self.post.zone

    @property
    def visible(self) -> bool:
        """Whether readers see it at all (not hidden by a curator, not deleted)."""
        return self.hidden_at is None and self.deleted_at is None

    def url(self) -> str:
        """The comment's place on its post page."""
        return f"{self.post.url()}#comment-{self.id}"


class Reaction(Model):
    """One person's reaction on a post or comment; unique per person, target and name, so
    reacting twice is harmless."""

    __tablename__ = "blog_reactions"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_type: Mapped[str] = mapped_column(String(10))  # post, comment
    target_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()


class FeedKey(Model):
    """The secret behind a person's private feed URLs; replacing it revokes every old URL."""

    __tablename__ = "blog_feed_keys"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
