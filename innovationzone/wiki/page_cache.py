"""Wiki page views rendered once per page version and class of reader, and filled per view.

Why: a page looks the same to everyone of one language who may or may not moderate its zone,
except for a few bytes. So the rendered page is kept (html_pieces: fixed pieces deflated once,
slots for the rest) under a key of the zone's `content_version` and the global version
(wiki.view_versions: bumped by every write the page shows, in the writing transaction, so every
process sharing the database sees it), the path, the language and whether the reader moderates.

What stays per reader, and how it stays cheap: the reader's credential statement also answers the
zone, the reader's role in it (handed to permissions, which still decides), both versions, the
unread count, whether the reader watches the page and who owns its review (the review owner
and moderators get its "Mark reviewed" button): one round trip per view, no ORM Session. Their
header menu (their zones) and the set of zones they may read are
kept per reader and global version. "What links here" is kept with the page, each item with its
zone, and shows a reader only those from zones they may read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g
from sqlalchemy import Select, String, and_, bindparam, column, exists, func, select, table

from innovationzone.accounts.models import User
from innovationzone.db import DriverRow, utcnow
from innovationzone.html_pieces import BoundedCache, Pieces, slot
from innovationzone.notifications.models import Notification
from innovationzone.notifications.services import still_readable
from innovationzone.permissions import readable_zone_ids, require_role, role_from_row
from innovationzone.wiki.models import Page, Watch
from innovationzone.wiki.view_versions import global_version
from innovationzone.zones.models import Membership, Zone

PAGES_KEPT_MB = 64
READERS_KEPT = 2000
# Reviews sit above the wiki (reviews imports wiki): named by table, as view_versions does.
_REVIEWS = table("reviews", column("page_id"), column("owner_id"))


@dataclass(frozen=True)
class Visit:
    """One reader asking for one page: what the cache key and the per-reader slots need."""

    zone_slug: str
    key: tuple
    reader_key: tuple
    unread: int
    watching: bool
    marks_reviewed: bool  # the page's review owner, or a moderator: may mark it reviewed


@dataclass(frozen=True)
class Entry:
    """A rendered page and what its per-reader slots choose from."""

    pieces: Pieces
    backlinks: tuple[tuple[int, str], ...]  # (zone id of the linking page, its rendered item)
    no_backlinks: str
    watch_labels: tuple[str, str]  # (not watching, watching)
    mark_reviewed: Pieces  # the "Mark reviewed" button (its slot is there if the page has a review)
    fresh_until: datetime  # review badges turn "overdue" at midnight: render again then
    tag: str

    def backlinks_for(self, readable: frozenset[int]) -> str:
        """The items a reader who may read `readable` zones sees."""
        items = [item for zone_id, item in self.backlinks if zone_id in readable]
        return "".join(items) or self.no_backlinks


@dataclass(frozen=True)
class Reader:
    """What is kept per reader: their header menu and the zones they may read."""

    main_nav: Pieces
    readable: frozenset[int]
    tag: str


def _caches() -> tuple[BoundedCache, BoundedCache]:
    # Per app: tests run many apps (databases) in one process, whose ids and versions collide.
    caches = current_app.extensions.get("iz_page_cache")
    if caches is None:
        megabytes = current_app.config.get("IZ_PAGE_CACHE_MB", PAGES_KEPT_MB)
        caches = (BoundedCache(megabytes * 1024 * 1024), BoundedCache(READERS_KEPT))
        current_app.extensions["iz_page_cache"] = caches
    return caches


def visit_columns(credential: Select) -> Select:
    """What a page view needs besides who is asking, added to the reader's credential statement
    (accounts.auth.signed_in_reading; `slug` and `path` are its parameters): the zone's id,
    visibility and `content_version`, the reader's membership role, the global version, their
    unread count, whether they watch the page and its review owner's id. A missing zone leaves
    its columns NULL."""
    users, zones, memberships = User.__table__, Zone.__table__, Membership.__table__
    pages, watches, notifications = Page.__table__, Watch.__table__, Notification.__table__
    slug, path = bindparam("slug", type_=String), bindparam("path", type_=String)
    watching = exists().where(
        watches.c.page_id == pages.c.id,
        watches.c.user_id == users.c.id,
        pages.c.zone_id == zones.c.id,
        pages.c.path == path,
    )
    review_owner = (
        select(_REVIEWS.c.owner_id)
        .select_from(_REVIEWS.join(pages, pages.c.id == _REVIEWS.c.page_id))
        .where(pages.c.zone_id == zones.c.id, pages.c.path == path)
        .scalar_subquery()
    )
    unread = (
        select(func.count())
        .select_from(notifications)
        .where(
            notifications.c.user_id == users.c.id,
            notifications.c.read_at.is_(None),
            still_readable(users.c.is_admin),
        )
        .scalar_subquery()
    )
    return (
        credential.add_columns(
            zones.c.id.label("zone_id"),
            zones.c.visibility.label("zone_visibility"),
            zones.c.content_version.label("zone_version"),
            memberships.c.role.label("zone_role"),
            global_version().label("global_version"),
            unread.label("unread"),
            watching.label("watching"),
            review_owner.label("review_owner_id"),
        )
        .outerjoin(zones, zones.c.slug == slug)
        .outerjoin(
            memberships,
            and_(memberships.c.zone_id == zones.c.id, memberships.c.user_id == users.c.id),
        )
    )


def visit(user: User, row: DriverRow, zone_slug: str, path: str, locale: str) -> Visit:
    """Who reads what, from the row `visit_columns` added to: permissions decide from the zone's
    visibility and the reader's role in it (NotFound for a zone they may not read)."""
    moderates = require_role(role_from_row(user, row.zone_visibility, row.zone_role))
    version = row.global_version or 0
    return Visit(
        zone_slug=zone_slug,
        key=(row.zone_id, row.zone_version, version, path, locale, moderates),
        reader_key=(user.id, version, locale),
        unread=row.unread,
        watching=bool(row.watching),
        marks_reviewed=moderates or row.review_owner_id == user.id,
    )


def page(at: Visit) -> Entry | None:
    """The page as rendered for this visit's class of reader, if kept and still fresh."""
    entry = _caches()[0].get(at.key)
    if entry is None or utcnow() >= entry.fresh_until:
        return None
    return entry


def keep_page(
    at: Visit,
    html: str,
    backlinks: list[tuple[int, str]],
    no_backlinks: str,
    watch_labels: tuple[str, str],
    mark_reviewed: str,
) -> Entry:
    """Keep a page rendered (with slots) for this visit's class of reader."""
    now = utcnow()
    pieces = Pieces(html)
    entry = Entry(
        pieces=pieces,
        backlinks=tuple(backlinks),
        no_backlinks=no_backlinks,
        watch_labels=watch_labels,
        mark_reviewed=Pieces(mark_reviewed),
        fresh_until=datetime(now.year, now.month, now.day) + timedelta(days=1),
        tag=_digest(repr(at.key), now.isoformat()),
    )
    size = pieces.size + entry.mark_reviewed.size + sum(len(item) for _z, item in backlinks)
    _caches()[0].put(at.key, entry, size)
    return entry


def reader(at: Visit) -> Reader | None:
    """What is kept for this reader at this global version and language."""
    return _caches()[1].get(at.reader_key)


def keep_reader(at: Visit, user: User, main_nav: str) -> Reader:
    """Keep the reader's header menu (rendered with slots) and the zones they may read."""
    kept = Reader(
        main_nav=Pieces(main_nav),
        readable=frozenset(readable_zone_ids(user)),
        tag=_digest(repr(at.reader_key), utcnow().isoformat()),
    )
    _caches()[1].put(at.reader_key, kept)
    return kept


@contextmanager
def rendering() -> Iterator[None]:
    """While a page is rendered for keeping, every CSRF token in it (Flask-WTF's, which forms
    and `csrf_token()` read from `g`) is a slot filled per request."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    before = g.pop(field, None)
    setattr(g, field, slot("csrf"))
    try:
        yield
    finally:
        g.pop(field, None)
        if before is not None:
            setattr(g, field, before)


def reader_pieces(at: Visit, entry: Entry, kept: Reader) -> dict[str, Pieces | str]:
    """The slots filled from kept pieces (which hold slots of their own, such as the CSRF
    token): the reader's header menu, and the "Mark reviewed" button if they may use it."""
    return {
        "main_nav": kept.main_nav,
        "mark_reviewed": entry.mark_reviewed if at.marks_reviewed else "",
    }


def etag(at: Visit, entry: Entry, kept: Reader, values: dict[str, str]) -> str:
    """A validator for exactly these bytes: page and reader versions, whether the reader gets
    the review button, plus the filled values."""
    filled = (f"{k}={v}" for k, v in sorted(values.items()))
    return _digest(entry.tag, kept.tag, str(at.marks_reviewed), *filled)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:32]
