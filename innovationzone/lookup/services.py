"""The few rows a picker shows while someone types: quick LIKE matches on names and titles, not
full-text search (the words are half-typed), and only content the caller may read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from innovationzone.accounts.models import User
from innovationzone.blog.models import PUBLISHED, Post
from innovationzone.chat.models import ZONE, Room
from innovationzone.extensions import db
from innovationzone.permissions import readable_zone_ids_query
from innovationzone.topics import source_queries
from innovationzone.topics.models import ITEM_TYPES
from innovationzone.wiki.models import Page

MAX_RESULTS = 10


@dataclass(frozen=True)
class Found:
    """One picker result, in the same shape for every kind of content."""

    type: str
    id: int
    title: str
    url: str
    zone: str

    def to_dict(self) -> dict:
        """The result as the lookup API answers it: the same keys for every kind, so the picker
        needs no code per kind."""
        return self.__dict__.copy()


def _pattern(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def people(text: str, limit: int = MAX_RESULTS) -> list[User]:
    """Active people whose username or display name contains `text`, usernames first, at most
    `limit`."""
    if not text.strip():
        return []
    pattern = _pattern(text)
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True),
                or_(
                    func.lower(User.username).like(pattern, escape="\\"),
                    func.lower(User.display_name).like(pattern, escape="\\"),
                ),
            )
            .order_by(User.username)
            .limit(limit)
        )
    )


def _title_queries(user: Any, pattern: str) -> dict[str, Any]:
    readable = readable_zone_ids_query(user)
    return {
        "page": select(Page).where(
            Page.deleted_at.is_(None),
            Page.zone_id.in_(readable),
            func.lower(Page.title).like(pattern, escape="\\"),
        ),
        "post": select(Post).where(
            Post.status == PUBLISHED,
            Post.zone_id.in_(readable),
            func.lower(Post.title).like(pattern, escape="\\"),
        ),
        "room": select(Room).where(
            Room.kind == ZONE,
            Room.zone_id.in_(readable),
            func.lower(Room.name).like(pattern, escape="\\"),
        ),
    }


def content(
    user: Any, text: str, types: tuple[str, ...] = ITEM_TYPES, limit: int = MAX_RESULTS
) -> list[Found]:
    """Pages, published posts and zone rooms whose title contains `text`, in zones `user` reads,
    at most `limit`."""
    if not text.strip():
        return []
    found: list[Found] = []
    queries = _title_queries(user, _pattern(text))
    for kind in types:
        model = queries[kind].column_descriptions[0]["entity"]
        for obj in db.session.scalars(queries[kind].order_by(model.id.desc()).limit(limit)):
            title, url = source_queries.describe(kind, obj)
            found.append(Found(kind, obj.id, title, url, obj.zone.slug))
    return found[:limit]
