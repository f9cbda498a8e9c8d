"""Loading the content a topic points at, from the wiki, the blogs and chat, by (type, ids).

Only what may appear in a topic loads: live wiki pages, published posts, zone chat rooms.
Permission is the caller's to check (permissions.can); this module only finds objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from innovationzone.blog.models import PUBLISHED, Post
from innovationzone.chat.models import ZONE, Room
from innovationzone.extensions import db
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import page_url


@dataclass(frozen=True)
class Source:
    """How to load one kind of topic content by ids, and how to title and link it."""

    query: Any
    title: Any
    url: Any


SOURCES = {
    "page": Source(
        lambda ids: select(Page).where(Page.id.in_(ids), Page.deleted_at.is_(None)),
        lambda page: page.title,
        lambda page: page_url(page.zone.slug, page.path),
    ),
    "post": Source(
        lambda ids: select(Post).where(Post.id.in_(ids), Post.status == PUBLISHED),
        lambda post: post.title,
        lambda post: post.url(),
    ),
    "room": Source(
        lambda ids: select(Room).where(Room.id.in_(ids), Room.kind == ZONE),
        lambda room: room.name,
        lambda room: f"/chat/{room.id}",
    ),
}


def load(item_type: str, ids: Iterable[int]) -> dict[int, Any]:
    """{id: object} for those of `ids` that exist and may be shown in a topic."""
    ids = list(ids)
    if not ids:
        return {}
    return {obj.id: obj for obj in db.session.scalars(SOURCES[item_type].query(ids))}


def describe(item_type: str, obj: Any) -> tuple[str, str]:
    """(title, link) of a loaded item, so the topic page shows the content's current title."""
    source = SOURCES[item_type]
    return source.title(obj), source.url(obj)
