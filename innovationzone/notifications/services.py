"""Creating and reading notifications.

Nobody is told about content they may not read: a mention of an outsider in a private zone
creates nothing (and so leaks nothing). The live `notification` event goes out after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, update

from innovationzone import hooks, realtime
from innovationzone.accounts.models import User
from innovationzone.db import rows_changed, utcnow, write_transaction
from innovationzone.events import on_commit
from innovationzone.extensions import db
from innovationzone.notifications.models import Notification
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import decode_cursor, encode_cursor
from innovationzone.permissions import READ, can, remember_roles, zone_of, zone_readable


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    actor: User | None,
    about: Any,
    object_type: str,
    object_id: int,
    title: str,
    url: str,
) -> list[Notification]:
    """Call inside the write transaction that creates `about`; skips the actor and outsiders.

    Who may read `about` is decided for everyone before any notification is added, with their
    roles in its zone looked up in one query, and the notifications are written in one flush:
    asking and adding in turn made every answer flush the notification before it, a query and
    a flush per person (a page with 20 watchers saved 12 ms slower than one with none)."""
    session = db.session
    seen: set[int] = set()
    candidates: list[User] = []
    for user in recipients:
        if user is None or user.id in seen or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        if user.active:
            candidates.append(user)
    zone = zone_of(about)
    if zone is not None and len(candidates) > 1:
        remember_roles(candidates, zone)
    told = [user for user in candidates if can(user, READ, about)]
    created = [
        Notification(
            user_id=user.id,
            kind=kind,
            actor_id=actor.id if actor else None,
            zone_id=zone.id if zone is not None else None,
            object_type=object_type,
            object_id=object_id,
            title=title[:200],
            url=url[:500],
        )
        for user in told
    ]
    session.add_all(created)
    if created:
        session.flush()
        payloads = [(n.user_id, n.to_dict()) for n in created]
        on_commit(lambda: _emit(payloads))
        # mail (a feature above us) queues instant mails in this same transaction
        hooks.call("notifications.created", pairs=list(zip(told, created, strict=True)))
    return created


@hooks.register("zone.member_added")
def _tell_new_member(actor: User, zone: Any, member: User) -> None:
    """Someone added to a zone learns of it (zones announce it; they cannot import us)."""
    notify(
        [member],
        kind="zone_added",
        actor=actor,
        about=zone,
        object_type="zone",
        object_id=zone.id,
        title=zone.name,
        url=f"/z/{zone.slug}",
    )


def _emit(payloads: list[tuple[int, dict]]) -> None:
    for user_id, payload in payloads:
        realtime.emit_to_user("notification", payload, user_id)


def still_readable(is_admin: Any) -> ColumnElement[bool]:
    """Whether a notification still shows: one about a zone only while its person may read that
    zone. Someone removed from a private zone, or outside one made private, loses its mentions,
    questions and news at once (their titles name its pages) in the list, the badge and the home
    page, and has them back if let in again. `is_admin` is the person's flag, or their column in
    the statement the condition is part of (the cached page view's)."""
    notifications = Notification.__table__
    zone_id = notifications.c.zone_id
    return or_(zone_id.is_(None), zone_readable(zone_id, notifications.c.user_id, is_admin))


def _of(user: User) -> ColumnElement[bool]:
    """The user's notifications that still show."""
    return and_(Notification.user_id == user.id, still_readable(bool(user.is_admin)))


def list_for(user: User, limit: int = 50, before_id: int | None = None) -> list[Notification]:
    """The user's notifications, unread first and newest first, for the notifications page."""
    query = select(Notification).where(_of(user))
    if before_id is not None:
        query = query.where(Notification.id < before_id)
    query = query.order_by(Notification.read_at.is_not(None), Notification.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def notifications_page(user: User, *, limit: int, cursor: str | None) -> ListPage:
    """Unread first, newest first within each, a page at a time. "Unread" means unread when the
    first page was shown: the cursor carries that moment with the last row's (read, id), so a
    notification read while the reader pages on (opening one marks it read) keeps its place:
    it is neither shown again among the read ones nor skipped."""
    if cursor:
        key = (Notification.created_at, Notification.id, Notification.id)
        since, flag, last_id = decode_cursor(cursor, key)
    else:
        since, flag, last_id = utcnow(), None, None
    read_then = case(
        (and_(Notification.read_at.is_not(None), Notification.read_at <= since), 1), else_=0
    )
    query = select(Notification, read_then).where(_of(user))
    if flag is not None:
        query = query.where(
            or_(read_then > flag, and_(read_then == flag, Notification.id < last_id))
        )
    found = list(
        db.session.execute(query.order_by(read_then, Notification.id.desc()).limit(limit + 1))
    )
    more = len(found) > limit
    found = found[:limit]
    last = found[-1] if found else None
    return ListPage(
        items=[row[0] for row in found],
        next=encode_cursor((since, last[1], last[0].id)) if more and last else None,
    )


def unread_mentions(user: User, limit: int = 10) -> list[Notification]:
    """The home page's "mentioned you" column: unread mentions, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(
                _of(user),
                Notification.kind == "mention",
                Notification.read_at.is_(None),
            )
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(user: User) -> int:
    """How many notifications the user has not read, for the badge."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(_of(user), Notification.read_at.is_(None))
    )
    return count or 0


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Marks the given notifications (or all) read; answers how many changed."""
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        statement = statement.where(Notification.id.in_(list(ids)))
    with write_transaction() as session:
        return rows_changed(session, statement.values(read_at=utcnow()))
