"""Contributions per department, counted inside the database with one grouped query per kind.

What counts is what readers can still see: revisions of pages that are not deleted, published
posts, visible comments on them and undeleted messages in zone rooms. Direct-message rooms
belong to no zone and are private to their members, so they never count. Every query is
filtered by readable_zone_ids_query, so a private zone adds nothing for an outsider.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, Select, func, select

from innovationzone.accounts.models import User
from innovationzone.blog.models import PUBLISHED, Comment, Post
from innovationzone.chat.models import ZONE, Message, Room
from innovationzone.db import utcnow
from innovationzone.errors import ValidationError
from innovationzone.extensions import db
from innovationzone.permissions import access_zone, readable_zone_ids_query
from innovationzone.wiki.models import Page, Revision
from innovationzone.zones.models import Zone

KINDS = ("page_revisions", "posts", "comments", "messages")
DEFAULT_DAYS = 30
MAX_DAYS = 3650
ALL_TIME = "all"


@dataclass
class Counts:
    """One department's contributions; `department` is None for people without one."""

    department: str | None
    page_revisions: int = 0
    posts: int = 0
    comments: int = 0
    messages: int = 0

    @property
    def total(self) -> int:
        """Everything a department contributed in the period, which orders the chart."""
        return sum(getattr(self, kind) for kind in KINDS)


@dataclass
class Activity:
    """What the activity page and API show: counts per department and per zone over one period,
    readable zones only."""

    period_days: int | None
    since: datetime | None
    departments: list[Counts]  # busiest first
    zones: list[tuple[Zone, dict[str | None, int]]] = field(
        default_factory=list
    )  # zone, totals per dept
    zone: Zone | None = None  # when counted in one zone

    @property
    def department_names(self) -> list[str | None]:
        """Department names busiest first, the column order of the per-zone table."""
        return [row.department for row in self.departments]


def period_days(raw: Any) -> int | None:
    """'30' -> 30, 'all' -> None (all time), missing -> DEFAULT_DAYS; anything else is a 400."""
    if raw is None or raw == "":
        return DEFAULT_DAYS
    if raw == ALL_TIME:
        return None
    try:
        days = int(raw)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _l("'days' must be a whole number from 1 to %(max)s, or 'all'.", max=MAX_DAYS),
            field="days",
        )
    return days


def activity(
    user: User, *, zone_slug: str | None = None, days: int | None = DEFAULT_DAYS
) -> Activity:
    """Counts over the last `days` days (None: all time), in one zone or every readable one."""
    zone_ids = readable_zone_ids_query(user)
    zone = None if zone_slug is None else access_zone(user, zone_slug)
    if zone is not None:
        zone_ids = zone_ids.where(Zone.id == zone.id)
    since = None if days is None else utcnow() - timedelta(days=days)
    cells: dict[tuple[int, str | None], Counts] = {}
    for kind, rows in _tallies(zone_ids, since):
        for zone_id, department, count in rows:
            department = department or None
            cell = cells.setdefault((zone_id, department), Counts(department))
            setattr(cell, kind, getattr(cell, kind) + count)
    return Activity(days, since, _by_department(cells.values()), _by_zone(cells), zone)


def sources() -> dict[str, tuple]:
    """kind -> (FROM with its joins and filters, zone column, time column, author column)."""
    return {
        "page_revisions": (
            select()
            .select_from(Revision)
            .join(Page, Page.id == Revision.page_id)
            .where(Page.deleted_at.is_(None)),
            Page.zone_id,
            Revision.created_at,
            Revision.author_id,
        ),
        "posts": (
            select().select_from(Post).where(Post.status == PUBLISHED),
            Post.zone_id,
            Post.published_at,
            Post.author_id,
        ),
        "comments": (
            select()
            .select_from(Comment)
            .join(Post, Post.id == Comment.post_id)
            .where(
                Post.status == PUBLISHED, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)
            ),
            Post.zone_id,
            Comment.created_at,
            Comment.author_id,
        ),
        "messages": (
            select()
            .select_from(Message)
            .join(Room, Room.id == Message.room_id)
            .where(Room.kind == ZONE, Message.deleted_at.is_(None)),
            Room.zone_id,
            Message.created_at,
            Message.author_id,
        ),
    }


def _tallies(zone_ids: Select[int], since: datetime | None) -> Iterable[tuple[str, Sequence[Row]]]:
    """(kind, rows of zone id, department, count); an erased author counts without a department."""
    department = func.coalesce(User.department, "")
    for kind, (query, zone_column, when, author) in sources().items():
        query = (
            query.add_columns(zone_column, department, func.count())
            .outerjoin(User, User.id == author)
            .where(zone_column.in_(zone_ids))
            .group_by(zone_column, department)
        )
        if since is not None:
            query = query.where(when >= since)
        yield kind, db.session.execute(query).all()


def _by_department(cells: Iterable[Counts]) -> list[Counts]:
    merged: dict[str | None, Counts] = {}
    for cell in cells:
        row = merged.setdefault(cell.department, Counts(cell.department))
        for kind in KINDS:
            setattr(row, kind, getattr(row, kind) + getattr(cell, kind))
    return sorted(
        merged.values(), key=lambda row: (-row.total, row.department is None, row.department or "")
    )


def _by_zone(
    cells: dict[tuple[int, str | None], Counts],
) -> list[tuple[Zone, dict[str | None, int]]]:
    totals: dict[int, dict[str | None, int]] = defaultdict(dict)
    for (zone_id, department), cell in cells.items():
        totals[zone_id][department] = cell.total
    zones = db.session.scalars(select(Zone).where(Zone.id.in_(list(totals))).order_by(Zone.name))
    return [(zone, totals[zone.id]) for zone in zones]
