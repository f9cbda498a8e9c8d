"""The few rows a picker shows while someone types: quick LIKE matches on names and titles, not
full-text search (the words are half-typed), and only content the caller may read. Each list
pages on with a cursor like every list, so "more" reaches every match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from innovationzone.accounts.models import User
from innovationzone.blog.models import PUBLISHED, Post
from innovationzone.chat.models import ZONE, Room
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import decode_cursor, encode_cursor, foreign_cursor, keyset
from innovationzone.permissions import readable_zone_ids_query
from innovationzone.topics import source_queries
from innovationzone.topics.models import ITEM_TYPES, TopicItem
from innovationzone.wiki.models import Page
from innovationzone.zones.models import Zone

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


def _matches(text: str, *columns: Any) -> Any:
    pattern = _pattern(text)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def people(text: str, limit: int = MAX_RESULTS, cursor: str | None = None) -> ListPage[User]:
    """Active people whose username or display name contains `text`, by username, `limit` at a
    time."""
    if not text.strip():
        return ListPage(items=[], next=None)
    query = select(User).where(
        User.active.is_(True), _matches(text, User.username, User.display_name)
    )
    return keyset(query, (User.username, User.id), limit=limit, cursor=cursor, descending=False)


def zones(user: Any, text: str, limit: int = MAX_RESULTS, cursor: str | None = None) -> ListPage:
    """Zones `user` may read whose name or short name contains `text`, by name, `limit` at a
    time: the ask form's zone field reaches any zone this way, however many there are."""
    if not text.strip():
        return ListPage(items=[], next=None)
    query = select(Zone).where(
        Zone.id.in_(readable_zone_ids_query(user)), _matches(text, Zone.slug, Zone.name)
    )
    return keyset(query, (Zone.name, Zone.id), limit=limit, cursor=cursor, descending=False)


def _title_queries(user: Any, text: str) -> dict[str, Any]:
    readable = readable_zone_ids_query(user)
    return {
        "page": select(Page).where(
            Page.deleted_at.is_(None), Page.zone_id.in_(readable), _matches(text, Page.title)
        ),
        "post": select(Post).where(
            Post.status == PUBLISHED, Post.zone_id.in_(readable), _matches(text, Post.title)
        ),
        "room": select(Room).where(
            Room.kind == ZONE, Room.zone_id.in_(readable), _matches(text, Room.name)
        ),
    }


def content(
    user: Any,
    text: str,
    types: tuple[str, ...] = ITEM_TYPES,
    limit: int = MAX_RESULTS,
    cursor: str | None = None,
) -> ListPage[Found]:
    """Pages, published posts and zone rooms whose title contains `text`, in zones `user` reads:
    kind by kind in the order of `types`, newest first within each, `limit` at a time. The
    cursor is the last row's (kind, id)."""
    if not text.strip():
        return ListPage(items=[], next=None)
    start, before = _content_cursor(cursor, types)
    queries = _title_queries(user, text)
    found: list[Found] = []
    for kind in types[types.index(start) :]:
        model = queries[kind].column_descriptions[0]["entity"]
        query = queries[kind] if before is None else queries[kind].where(model.id < before)
        before = None  # only the cursor's own kind continues after an id
        for obj in db.session.scalars(
            query.order_by(model.id.desc()).limit(limit + 1 - len(found))
        ):
            title, url = source_queries.describe(kind, obj)
            found.append(Found(kind, obj.id, title, url, obj.zone.slug))
        if len(found) > limit:
            break
    more = len(found) > limit
    found = found[:limit]
    return ListPage(
        items=found, next=encode_cursor((found[-1].type, found[-1].id)) if more else None
    )


def _content_cursor(cursor: str | None, types: tuple[str, ...]) -> tuple[str, int | None]:
    """Where a content lookup goes on: the first kind from the start, else the cursor's kind
    after its id; a cursor of a kind not asked for is a 400 like any foreign cursor."""
    if not cursor:
        return types[0], None
    kind, before = decode_cursor(cursor, (TopicItem.item_type, TopicItem.object_id))
    if kind not in types:
        raise foreign_cursor()
    return kind, before
