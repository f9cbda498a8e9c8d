"""Wiki page views rendered once per page version and class of reader, and filled per view.

Why: a page looks the same to everyone of one language who may or may not moderate its zone,
except for a few bytes. So the rendered page is kept (html_pieces: fixed pieces deflated once,
slots for the rest) under a key of the zone's `content_version` and the global version
(wiki.view_versions: bumped by every write the page shows, in the writing transaction, so every
process sharing the database sees it), the path, the language and whether the reader moderates.

What stays per reader, and how it stays cheap: one query answers the zone, the reader's role in
it (handed to permissions, which still decides), both versions, the unread count and whether the
reader watches the page. Their header menu (their zones) and the set of zones they may read are
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
from sqlalchemy import Integer, String, and_, bindparam, exists, func, select

from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.extensions import db
from innovationzone.html_pieces import BoundedCache, Pieces, slot
from innovationzone.notifications.models import Notification
from innovationzone.permissions import MODERATE, access_zone, can, readable_zone_ids, remember_role
from innovationzone.wiki.models import Page, Watch
from innovationzone.wiki.view_versions import global_version
from innovationzone.zones.models import Membership, Zone

PAGES_KEPT_MB = 64
READERS_KEPT = 2000


@dataclass(frozen=True)
class Visit:
    """One reader asking for one page: what the cache key and the per-reader slots need."""

    zone: Zone
    key: tuple
    reader_key: tuple
    unread: int
    watching: bool


@dataclass(frozen=True)
class Entry:
    """A rendered page and what its per-reader slots choose from."""

    pieces: Pieces
    backlinks: tuple[tuple[int, str], ...]  # (zone id of the linking page, its rendered item)
    no_backlinks: str
    watch_labels: tuple[str, str]  # (not watching, watching)
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


def _visit_query():
    """Zone, the reader's role, the global version, unread count and whether they watch the
    page: one round trip, built once (building a statement costs more than running it)."""
    reader = bindparam("reader", type_=Integer)
    slug, path = bindparam("slug", type_=String), bindparam("path", type_=String)
    watching = (
        exists()
        .where(Watch.page_id == Page.id, Watch.user_id == reader)
        .where(Page.zone_id == Zone.id, Page.path == path)
        .correlate(Zone)
    )
    unread = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == reader, Notification.read_at.is_(None))
        .scalar_subquery()
    )
    return (
        select(
            Zone,
            Membership.role,
            global_version(),
            unread,
            watching,
        )
        .outerjoin(Membership, and_(Membership.zone_id == Zone.id, Membership.user_id == reader))
        .where(Zone.slug == slug)
    )


_VISIT = _visit_query()


def visit(user: User, zone_slug: str, path: str, locale: str) -> Visit:
    """Who reads what, in one query; NotFound (from permissions) for a zone they may not read."""
    params = {"reader": user.id, "slug": zone_slug, "path": path}
    row = db.session.execute(_VISIT, params).first()
    if row is not None:
        remember_role(user, row[0], row[1])
    zone = access_zone(user, zone_slug)
    version = row[2] if row is not None else 0
    return Visit(
        zone=zone,
        key=(zone.id, zone.content_version, version, path, locale, can(user, MODERATE, zone)),
        reader_key=(user.id, version, locale),
        unread=row[3] if row is not None else 0,
        watching=bool(row[4]) if row is not None else False,
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
) -> Entry:
    """Keep a page rendered (with slots) for this visit's class of reader."""
    now = utcnow()
    pieces = Pieces(html)
    entry = Entry(
        pieces=pieces,
        backlinks=tuple(backlinks),
        no_backlinks=no_backlinks,
        watch_labels=watch_labels,
        fresh_until=datetime(now.year, now.month, now.day) + timedelta(days=1),
        tag=_digest(repr(at.key), now.isoformat()),
    )
    _caches()[0].put(at.key, entry, pieces.size + sum(len(item) for _z, item in backlinks))
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


def etag(entry: Entry, kept: Reader, values: dict[str, str]) -> str:
    """A validator for exactly these bytes: page and reader versions plus the filled values."""
    return _digest(entry.tag, kept.tag, *(f"{k}={v}" for k, v in sorted(values.items())))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:32]
