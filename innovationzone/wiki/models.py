"""Wiki tables. A page points at its latest revision number; every revision keeps its own
title, body and (lazily refreshed) rendered HTML, so a page view never re-renders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship
from sqlalchemy.sql import column, exists, table

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.zones.models import Zone


class Page(Model):
    """A wiki page in a zone by path; its text lives in revisions, and deleting only hides it so
    a curator can restore it."""

    __tablename__ = "wiki_pages"
    __table_args__ = (UniqueConstraint("zone_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    deleted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    zone: Mapped[Zone] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])

    @property
    def is_deleted(self) -> bool:
        """Whether the page is hidden (deleted) but restorable."""
        return self.deleted_at is not None

    def summary_dict(self) -> dict:
        """The page as lists show it, without its text."""
        return {
            "path": self.path,
            "title": self.title,
            "revision": self.revision,
            "updated_at": isoformat(self.updated_at),
        }


class Revision(Model):
    """One saved version of a page; never changed after writing, so history is trustworthy. Its
    rendered HTML is cached with it."""

    __tablename__ = "wiki_revisions"
    __table_args__ = (UniqueConstraint("page_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # NULL when a linked page appeared or vanished since rendering: the next view refreshes it.
    html: Mapped[str | None] = mapped_column(Text, nullable=True)

    page: Mapped[Page] = relationship()
    author: Mapped[User | None] = relationship()

    def to_dict(self) -> dict:
        """The revision as history lists show it, without the body."""
        return {
            "revision": self.number,
            "author": self.author.username if self.author else None,
            "summary": self.summary,
            "created_at": isoformat(self.created_at),
        }


class Backlink(Model):
    """A `[[...]]` link from a page; the target is a (zone slug, path) that may not exist yet."""

    __tablename__ = "wiki_backlinks"
    __table_args__ = (UniqueConstraint("source_id", "target_zone", "target_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    target_zone: Mapped[str] = mapped_column(String(50))
    target_path: Mapped[str] = mapped_column(String(255), index=True)

    source: Mapped[Page] = relationship()


class Redirect(Model):
    """An old path of a renamed page, so links and bookmarks keep working."""

    __tablename__ = "wiki_redirects"
    __table_args__ = (UniqueConstraint("zone_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(255))
    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )

    page: Mapped[Page] = relationship()


class Attachment(Model):
    """A file attached to a page; unique per page and name, so uploading the same name replaces
    it."""

    __tablename__ = "wiki_attachments"
    __table_args__ = (UniqueConstraint("page_id", "filename"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    page: Mapped[Page] = relationship()

    @property
    def zone(self) -> Zone:
        """The page's zone, so permissions decide about a file as about its page."""
        return self.page.zone


class Watch(Model):
    """Someone who wants notifications about changes to a page."""

    __tablename__ = "wiki_watches"
    __table_args__ = (UniqueConstraint("page_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


_CHILD = table("wiki_nodes", column("zone_id"), column("parent_path")).alias("child_nodes")


class Node(Model):
    """One entry of a zone's page tree: a live page, or a folder with live pages below it.

    Kept in step by the services whenever a page appears, vanishes, moves or is retitled, so the
    navigation reads a page's branch (its ancestors, their children, its own children) with
    indexed equality lookups on `parent_path`, whatever the size of the zone.
    """

    __tablename__ = "wiki_nodes"
    __table_args__ = (
        UniqueConstraint("zone_id", "path"),
        Index("ix_wiki_nodes_zone_id_parent_path_path", "zone_id", "parent_path", "path"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(255))
    parent_path: Mapped[str] = mapped_column(String(255))
    # The live page's title; NULL for a folder (a path with pages below it but none of its own).
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    has_children: Mapped[bool] = column_property(
        exists().where(_CHILD.c.zone_id == zone_id, _CHILD.c.parent_path == path)
    )

    @property
    def is_page(self) -> bool:
        """Whether a page lives at this node (else it is only a folder above pages)."""
        return self.title is not None

    @property
    def label(self) -> str:
        """What the navigation shows: the page title, or the folder name."""
        return (
            self.title if self.title is not None else self.path.rsplit("/", 1)[-1].replace("_", " ")
        )


class ViewVersion(Model):
    """A named counter bumped by writes that cached page views depend on beyond one zone
    ("global": people's names, zones, memberships). Zones carry their own `content_version`."""

    __tablename__ = "view_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
