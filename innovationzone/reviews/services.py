"""Review duties: who vouches for a page or topic, when it falls due, and the owner's queue.

A review is due at midnight UTC of its due date. When it falls due its owner is told once per
due date (notify_due, run by the sweeper and idempotent across processes); marking it reviewed
moves the due date one interval on from today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from innovationzone import hooks, validation
from innovationzone.accounts.models import User
from innovationzone.db import isoformat, rows_changed, utcnow, write_transaction
from innovationzone.errors import Conflict, Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.notifications.services import notify
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import (
    READ,
    can,
    may_mark_reviewed,
    may_set_review,
    readable_zone_ids_query,
)
from innovationzone.reviews.models import Review
from innovationzone.topics.models import Topic
from innovationzone.topics.services import get_topic
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import page_url
from innovationzone.wiki.queries import get_page

MAX_INTERVAL = 3650


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _today() -> date:
    return utcnow().date()


@dataclass(frozen=True)
class ReviewView:
    """A review as the API and pages show it, with what it is about."""

    review: Review

    @property
    def subject(self) -> Page | Topic:
        """The page or topic under review."""
        return self.review.subject

    @property
    def title(self) -> str:
        """The subject's title, as the queue lists it."""
        return self.subject.title

    @property
    def url(self) -> str:
        """Where the owner goes to review: the page, or the topic."""
        subject = self.subject
        if isinstance(subject, Page):
            return page_url(subject.zone.slug, subject.path)
        return f"/topics/{subject.slug}"

    def to_dict(self, now: datetime | None = None) -> dict:
        """The review as the API shows it, with whether it is overdue as of `now`."""
        review, page = self.review, self.review.page
        return {
            "type": "page" if page else "topic",
            "zone": page.zone.slug if page else None,
            "path": page.path if page else None,
            "topic": review.topic.slug if review.topic else None,
            "title": self.title,
            "url": self.url,
            "owner": review.owner.username,
            "interval_days": review.interval_days,
            "review_due": review.due_at.date().isoformat(),
            "overdue": review.is_overdue(now),
            "reviewed_at": isoformat(review.reviewed_at),
        }


def _interval(data: Mapping[str, Any]) -> int:
    value = data.get("interval_days")
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_INTERVAL:
        raise ValidationError(
            _l("'interval_days' must be a whole number from 1 to %(max)s.", max=MAX_INTERVAL),
            field="interval_days",
        )
    return value


def _due(data: Mapping[str, Any]) -> date | None:
    raw = data.get("due")
    if raw is None:
        return None
    try:
        if not isinstance(raw, str):
            raise ValueError
        day = date.fromisoformat(raw[:10]) if len(raw) >= 10 else date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            _l("'due' must be an ISO date like 2026-12-31."), field="due"
        ) from None
    if day.year < 2000 or day.year > 9000:
        raise ValidationError(_l("'due' is out of range."), field="due")
    return day


def _owner(data: Mapping[str, Any], subject: Any, default: User) -> User:
    if data.get("owner") in (None, ""):
        return default
    name = validation.text(data, "owner", max_len=32).lower()
    owner = db.session.scalar(select(User).where(User.username == name, User.active.is_(True)))
    if owner is None or not can(owner, READ, subject):
        raise ValidationError(
            _l("No user '%(name)s' who may read this: a review needs an owner who can.", name=name),
            field="owner",
        )
    return owner


def review_for(subject: Page | Topic) -> Review | None:
    """The review of a page or topic, or None; the page panel and settings form start from it."""
    column = Review.page_id if isinstance(subject, Page) else Review.topic_id
    return db.session.scalar(select(Review).where(column == subject.id))


def _default_owner(user: Any, subject: Page | Topic) -> User:
    """A topic's review falls to its owner; a page's to its creator (while active), else the
    person setting it."""
    if isinstance(subject, Topic):
        return subject.owner
    creator = db.session.get(User, subject.created_by_id) if subject.created_by_id else None
    return creator if creator is not None and creator.active else user


def _set(user: Any, subject: Page | Topic, data: Mapping[str, Any]) -> ReviewView:
    interval = _interval(data)
    due = _due(data)
    existing = review_for(subject)
    default_owner = existing.owner if existing else _default_owner(user, subject)
    owner = _owner(data, subject, default_owner)
    due_at = _midnight(due or _today() + timedelta(days=interval))
    owner_id, subject_id, is_page = owner.id, subject.id, isinstance(subject, Page)
    values = {"owner_id": owner_id, "interval_days": interval, "due_at": due_at}
    try:
        with write_transaction() as session:
            review = review_for(subject)
            if review is None:
                review = Review(
                    page_id=subject_id if is_page else None,
                    topic_id=None if is_page else subject_id,
                    **values,
                )
                session.add(review)
            else:
                for name, value in values.items():
                    setattr(review, name, value)
    except IntegrityError:  # someone else set this subject's first review at the same moment
        raise Conflict(_l("The review was just set by someone else; try again.")) from None
    return ReviewView(review)


def _mark(user: Any, subject: Page | Topic) -> ReviewView:
    review = review_for(subject)
    if review is None:
        raise NotFound(_l("This has no review interval."))
    if not may_mark_reviewed(user, review, subject):
        raise Forbidden(_l("Only the review owner and curators may mark this reviewed."))
    with write_transaction():
        review.reviewed_at, review.reviewed_by_id = utcnow(), user.id
        review.due_at = _midnight(_today() + timedelta(days=review.interval_days))
    return ReviewView(review)


def set_page_review(user: Any, zone_slug: str, path: str, data: Mapping[str, Any]) -> ReviewView:
    """Sets a page's review for someone who may set it (may_set_review), keeping the current
    owner unless another is named."""
    page = get_page(user, zone_slug, path)
    if not may_set_review(user, page):
        raise Forbidden(_l("You may not change this page."))
    return _set(user, page, data)


def mark_page_reviewed(user: Any, zone_slug: str, path: str) -> ReviewView:
    """Marks a readable page reviewed (owner or curator); the next due date is one interval from
    today."""
    return _mark(user, get_page(user, zone_slug, path))


def page_review(user: Any, zone_slug: str, path: str) -> ReviewView:
    """The review of a page the user may read; 404 when it has none."""
    review = review_for(get_page(user, zone_slug, path))
    if review is None:
        raise NotFound(_l("This page has no review interval."))
    return ReviewView(review)


def set_topic_review(user: Any, slug: str, data: Mapping[str, Any]) -> ReviewView:
    """Sets a topic's review for those who manage the topic (may_set_review: owner, co-owners,
    curators), keeping the current review owner unless another is named."""
    topic = get_topic(slug)
    if not may_set_review(user, topic):
        raise Forbidden(_l("Only the topic's owner, co-owners and curators may set its review."))
    return _set(user, topic, data)


def mark_topic_reviewed(user: Any, slug: str) -> ReviewView:
    """Marks a topic reviewed (owner or curator); the next due date is one interval from today."""
    return _mark(user, get_topic(slug))


def _readable(user: Any) -> Select[Review]:
    """Reviews of pages the user may read (not deleted) and of live topics."""
    return (
        select(Review)
        .outerjoin(Page, Review.page_id == Page.id)
        .outerjoin(Topic, Review.topic_id == Topic.id)
        .where(
            or_(
                and_(
                    Review.page_id.is_not(None),
                    Page.deleted_at.is_(None),
                    Page.zone_id.in_(readable_zone_ids_query(user)),
                ),
                and_(Review.topic_id.is_not(None), Topic.archived_at.is_(None)),
            )
        )
    )


def queue(
    user: Any,
    *,
    owner_name: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ListPage:
    """An owner's reviews (the caller's by default), overdue first: ascending due date."""
    owner = user
    if owner_name:
        owner = db.session.scalar(select(User).where(User.username == owner_name.lower()))
        if owner is None:
            raise NotFound(_l("No user '%(owner_name)s'.", owner_name=owner_name))
    stmt = _readable(user).where(Review.owner_id == owner.id)
    now = utcnow()
    if overdue is True:
        stmt = stmt.where(Review.due_at <= now)
    elif overdue is False:
        stmt = stmt.where(Review.due_at > now)
    page = keyset(stmt, (Review.due_at, Review.id), limit=limit, cursor=cursor, descending=False)
    return ListPage(items=[ReviewView(r) for r in page.items], next=page.next)


def overdue_in_zone(zone_id: int, now: datetime | None = None) -> int:
    """How many live pages of a zone are past their review date (the zone page shows it)."""
    return db.session.execute(
        select(func.count())
        .select_from(Review)
        .join(Page, Review.page_id == Page.id)
        .where(
            Page.zone_id == zone_id, Page.deleted_at.is_(None), Review.due_at <= (now or utcnow())
        )
    ).scalar_one()


def overdue_page_ids(page_ids: list[int], now: datetime | None = None) -> set[int]:
    """Which of these pages are past their review date (search ranks them a little lower)."""
    if not page_ids:
        return set()
    return set(
        db.session.scalars(
            select(Review.page_id).where(
                Review.page_id.in_(page_ids), Review.due_at <= (now or utcnow())
            )
        )
    )


def overdue_per_owner(user: Any, now: datetime | None = None) -> list[tuple[User, int]]:
    """For insights: overdue reviews per owner, counting only what `user` may read."""
    sub = _readable(user).where(Review.due_at <= (now or utcnow())).subquery()
    rows = db.session.execute(
        select(User, func.count()).join(sub, sub.c.owner_id == User.id).group_by(User.id)
    ).all()
    return sorted(((u, n) for u, n in rows), key=lambda row: (-row[1], row[0].username))


def notify_due(now: datetime | None = None) -> int:
    """Tell each owner whose review fell due, once per due date; answers how many were told.

    The conditional UPDATE claims a review before notifying, so two processes sweeping at once
    never notify twice."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            select(Review.id).where(
                Review.due_at <= now,
                or_(Review.notified_due_at.is_(None), Review.notified_due_at != Review.due_at),
            )
        )
    )
    told = 0
    for review_id in due:
        with write_transaction() as session:
            claimed = rows_changed(
                session,
                update(Review)
                .where(
                    Review.id == review_id,
                    Review.due_at <= now,
                    or_(Review.notified_due_at.is_(None), Review.notified_due_at != Review.due_at),
                )
                .values(notified_due_at=Review.due_at),
            )
            review = session.get(Review, review_id)
            if (
                not claimed
                or review is None
                or (review.page is not None and review.page.is_deleted)
            ):
                continue
            view = ReviewView(review)
            told += bool(
                notify(
                    [review.owner],
                    kind="review_due",
                    actor=None,
                    about=view.subject,
                    object_type="page" if review.page_id else "topic",
                    object_id=view.subject.id,
                    title=view.title,
                    url=view.url,
                )
            )
    return told


@hooks.register("sweep")
def _sweep_due_reviews() -> int:
    """The sweeper's duty for reviews: owners hear of reviews that fell due."""
    return notify_due()
