"""Recording what happened, and reading the caller's feed.

The feed covers the zones a person belongs to and the public zones (the cross-department
exchange this product is for); a followed topic's content lives in those zones too, and its
pinned items are shown on top of the home page (topics.services.featured_for). An admin's feed is the same as
anyone's: being allowed to open every private zone is not being interested in it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from innovationzone import markdown
from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.extensions import db
from innovationzone.feed.models import FeedEntry
from innovationzone.feed.sources import visible_condition
from innovationzone.pagination import Page, keyset
from innovationzone.permissions import readable_zone_ids_query
from innovationzone.zones.models import Membership, Zone

# Saving a page five times in ten minutes is one edit to a reader of the feed.
COALESCE = timedelta(hours=1)
SUMMARY_CHARS = 299  # and the "…" of a cut one: the column's 300


def summary_of(rendered: str) -> str:
    """An entry's summary from a text's rendered HTML (a comment, a chat message, an answer):
    plain words, never the Markdown they were written in."""
    return markdown.teaser(rendered, SUMMARY_CHARS)


def record(
    entry_type: str,
    object_id: int,
    *,
    zone: Zone,
    actor: User | None,
    title: str,
    url: str,
    summary: str = "",
    coalesce: bool = False,
) -> FeedEntry:
    """Call inside the write transaction of the change. With `coalesce`, the same actor's
    entry for the same object within the last hour moves to the top instead of repeating."""
    session = db.session
    now = utcnow()
    entry = None
    if coalesce:
        entry = session.scalar(
            select(FeedEntry)
            .where(
                FeedEntry.type == entry_type,
                FeedEntry.object_id == object_id,
                FeedEntry.actor_id == (actor.id if actor else None),
                FeedEntry.created_at >= now - COALESCE,
            )
            .order_by(FeedEntry.id.desc())
            .limit(1)
        )
    if entry is None:
        entry = FeedEntry(type=entry_type, object_id=object_id, zone_id=zone.id)
    entry.actor_id = actor.id if actor else None
    entry.title, entry.url, entry.summary = title[:200], url[:500], " ".join(summary.split())[:300]
    entry.created_at = now
    session.add(entry)  # complete before it is added: a later autoflush must not see it half-made
    return entry


def feed_zone_ids(user: User) -> Select[int]:
    """A SELECT of the zones whose news the user gets: public ones and their own, among those
    the permission module lets them read (an admin reads every zone but gets news of these)."""
    member_of = select(Membership.zone_id).where(Membership.user_id == user.id)
    return select(Zone.id).where(
        Zone.id.in_(readable_zone_ids_query(user)),
        or_(Zone.visibility == "public", Zone.id.in_(member_of)),
    )


def feed_for(user: User, *, limit: int, cursor: str | None) -> Page[FeedEntry]:
    """The user's feed page: entries of their feed zones that are still visible (a draft again or
    a deleted comment drops out), keyset-paged so deep pages stay fast."""
    stmt = (
        select(FeedEntry)
        # `zone_id + 0`: no index on it, so the database walks (created_at, id) newest first and
        # stops after a page; most zones are public, so few entries are skipped on the way.
        .where((FeedEntry.zone_id + 0).in_(feed_zone_ids(user)), visible_condition())
        .options(selectinload(FeedEntry.actor), selectinload(FeedEntry.zone))
    )
    return keyset(stmt, (FeedEntry.created_at, FeedEntry.id), limit=limit, cursor=cursor)
