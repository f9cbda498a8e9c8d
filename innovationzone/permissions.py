"""The one answer to "may this user do X to Y", used by pages, the API, Socket.IO and search.

Rules, from the product: anyone signed in may read and write in a public zone
(permissionless); a private zone is for its members only; curators moderate and manage
their zones; admins may do everything. Content with an author may be edited by that author
(while they may still write in the zone) and moderated by curators.

A missing object and one the user may not see give the same answer: NotFound.

One page view asks about the same zone many times (layout, page, sidebar, buttons), so answers
are remembered in the database session, for one transaction only: any flush, commit or
rollback forgets them. A membership change is therefore seen by the next statement of the
same request, and each request starts with a fresh session, so nothing crosses requests or users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, event, exists, false, or_, select, true
from sqlalchemy.orm import Session

from innovationzone.errors import Forbidden, NotFound
from innovationzone.extensions import db
from innovationzone.zones.models import Membership, Zone

T = TypeVar("T")
# An object outside zones answers "may `user` do `action`" itself through this (see `can`).
PermissionCheck = Callable[[Any, str], bool]
READ, WRITE, MODERATE, MANAGE, EDIT = "read", "write", "moderate", "manage", "edit"
ACTIONS = (READ, WRITE, MODERATE, MANAGE, EDIT)


_MEMO = "iz_permission_memo"


def _memo() -> dict:
    return db.session().info.setdefault(_MEMO, {})


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_MEMO, None)


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def zone_role(user: Any, zone: Zone) -> str | None:
    """'admin', 'curator', 'member', 'visitor' (signed in, public zone) or None (no access)."""
    if not _authenticated(user):
        return None
    if user.is_admin:
        return "admin"
    memo, key = _memo(), ("role", user.id, zone.id)
    if key not in memo:
        memo[key] = db.session.scalar(
            select(Membership.role).where(
                Membership.zone_id == zone.id, Membership.user_id == user.id
            )
        )
    return _role(memo[key], zone.is_private)


def _role(membership_role: str | None, private: bool) -> str | None:
    return membership_role or (None if private else "visitor")


def role_from_row(user: Any, visibility: str | None, membership_role: str | None) -> str | None:
    """`zone_role` for a caller that read the zone's visibility (None: no such zone) and the
    user's membership role in a query of its own (a wiki page view reads them with the reader's
    credential), so no query is made here; pair it with `require_role`."""
    if visibility is None or not _authenticated(user):
        return None
    if user.is_admin:
        return "admin"
    return _role(membership_role, visibility == "private")


def require_role(role: str | None, action: str = READ) -> bool:
    """`require` for a role from `role_from_row`: NotFound when it may not read the zone (or there
    is none), Forbidden when only `action` is denied. Answers whether the role also moderates,
    which a page shows (its moderators' buttons)."""
    if not _role_allows(role, READ):
        raise NotFound(_l("Not found."))
    if action != READ and not _role_allows(role, action):
        raise Forbidden(_l("You may not do that here."))
    return _role_allows(role, MODERATE)


def remember_roles(users: Iterable[Any], zone: Zone) -> None:
    """Look up the roles of many people in one zone with one query, for a caller about to ask
    `can` for each of them (everyone a notification goes to): one query instead of one per
    person. Remembered like every answer here, until the next flush."""
    wanted = {user.id for user in users if _authenticated(user) and not user.is_admin}
    known = _memo()
    missing = [user_id for user_id in wanted if ("role", user_id, zone.id) not in known]
    if not missing:
        return
    rows = db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.zone_id == zone.id, Membership.user_id.in_(missing)
        )
    )
    roles = {user_id: role for user_id, role in rows}
    memo = _memo()  # after the query: its autoflush may have forgotten the earlier answers
    for user_id in missing:
        memo[("role", user_id, zone.id)] = roles.get(user_id)


def zone_of(obj: Any) -> Zone | None:
    """The zone an object lives in (the zone itself, or its `zone`), None for things outside
    zones."""
    if isinstance(obj, Zone):
        return obj
    return getattr(obj, "zone", None)


def can(user: Any, action: str, obj: Any) -> bool:
    """The one answer to "may `user` do `action` to `obj`": read, write, moderate, manage or edit,
    by zone role, authorship, or the object's own rule (direct messages)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    custom = getattr(obj, "permission_check", None)
    if custom is not None:  # objects outside zones (e.g. direct messages) answer for themselves
        return bool(custom(user, action))
    zone = zone_of(obj)
    if zone is None:
        return False
    role = zone_role(user, zone)
    if action == EDIT:  # the author's own content, or a moderator's
        author_id = getattr(obj, "author_id", None)
        if role is not None and author_id is not None and author_id == user.id:
            return True
    return _role_allows(role, action)


def _role_allows(role: str | None, action: str) -> bool:
    if role is None:
        return False
    if action in (READ, WRITE):
        return True
    return role in ("admin", "curator")  # MODERATE, MANAGE, and EDIT of others' content


def require(user: Any, action: str, obj: T | None) -> T:
    """Answer `obj` if the user may do `action` to it; raise NotFound when they may not even read
    it (or it is missing: the same answer), Forbidden when only `action` is denied."""
    if obj is None or not can(user, READ, obj):
        raise NotFound(_l("Not found."))
    if action != READ and not can(user, action, obj):
        raise Forbidden(_l("You may not do that here."))
    return obj


def access_zone(user: Any, slug: str, action: str = READ) -> Zone:
    """The zone by slug if the user may do `action` there; NotFound for a zone they may not read,
    Forbidden for one they may read but not act in."""
    memo = _memo()
    zone = memo.get(("zone", slug))
    if zone is None:
        zone = memo[("zone", slug)] = db.session.scalar(select(Zone).where(Zone.slug == slug))
    return require(user, action, zone)


def remember_role(user: Any, zone: Zone, role: str | None) -> None:
    """A caller that loaded a zone and the user's membership role in a query of its own (a chat
    join reads the room, its zone and the role in one) hands them over, so the rules here decide
    without asking the database again. Kept like every answer: for one transaction."""
    _memo()[("zone", zone.slug)] = zone
    remember_zone_role(user, zone.id, role)


def remember_zone_role(user: Any, zone_id: int, role: str | None) -> None:
    """`remember_role` for a caller that read the zone as columns, not as a Zone (a chat join):
    only the role is kept, so `access_zone` never answers anything but a Zone."""
    if _authenticated(user):
        _memo()[("role", user.id, zone_id)] = role


def readable_zone_ids_query(user: Any) -> Select[int]:
    """A SELECT of zone ids the user may read, to filter inside a query (honest totals)."""
    query = select(Zone.id)
    if not _authenticated(user):
        return query.where(false())
    if user.is_admin:
        return query
    member_of = select(Membership.zone_id).where(Membership.user_id == user.id)
    return query.where(or_(Zone.visibility == "public", Zone.id.in_(member_of)))


_PUBLIC_ZONES = Zone.__table__.alias("readable_zone")
_MEMBERSHIPS = Membership.__table__.alias("readable_membership")


def zone_readable(
    zone_id: ColumnElement[Any],
    user_id: ColumnElement[Any] | int,
    is_admin: ColumnElement[Any] | bool,
) -> ColumnElement[bool]:
    """The readable-zone rule as a condition on a row's zone id, for rows kept per person (their
    notifications) that must follow access as it changes. The user's id and admin flag may be
    columns of the statement the condition is in (its EXISTS correlate one level up only); the
    zones and memberships it asks are aliases of their own, so it never correlates with the same
    tables elsewhere in that statement."""
    if is_admin is True:
        return true()
    public = exists().where(_PUBLIC_ZONES.c.id == zone_id, _PUBLIC_ZONES.c.visibility == "public")
    member = exists().where(_MEMBERSHIPS.c.zone_id == zone_id, _MEMBERSHIPS.c.user_id == user_id)
    if is_admin is False:
        return or_(public, member)
    return or_(is_admin, public, member)


def readable_zone_ids(user: Any) -> set[int]:
    """The ids of every zone the user may read, as a set (for filtering in Python)."""
    return set(db.session.scalars(readable_zone_ids_query(user)))


def may_administer(user: Any) -> bool:
    """Accounts, departments, every zone and the audit log: admins only."""
    return _authenticated(user) and bool(user.is_admin)


def may_curate_topics(user: Any) -> bool:
    """Creating topics and gathering content: admins, and e-competence leads (anyone who curates
    at least one zone)."""
    if not _authenticated(user):
        return False
    if user.is_admin:
        return True
    memo, key = _memo(), ("curates", user.id)
    if key not in memo:
        memo[key] = (
            db.session.scalar(
                select(Membership.id)
                .where(Membership.user_id == user.id, Membership.role == "curator")
                .limit(1)
            )
            is not None
        )
    return memo[key]


def topic_allows(user: Any, action: str, topic: Any) -> bool:
    """Topics live outside zones: every signed-in person reads and follows them; the owner, the
    co-owners, curators and admins edit, archive and delete them (they stand by the topic)."""
    if not _authenticated(user):
        return False
    if action in (READ, WRITE):
        return True
    if topic.owner_id == user.id or any(c.user_id == user.id for c in topic.co_owners):
        return True
    return may_curate_topics(user)


def may_accept_answer(user: Any, question: Any) -> bool:
    """The asker, the person answerable for the question, and the zone's moderators decide
    which answer settles it."""
    if not can(user, READ, question):
        return False
    return user.id in (question.asker_id, question.assignee_id) or can(user, MODERATE, question)


def may_set_review(user: Any, subject: Any) -> bool:
    """Anyone who may edit a page may give it a review interval and an owner, as in a wiki; a
    topic's review is for those who manage the topic."""
    return can(user, WRITE if zone_of(subject) is not None else MANAGE, subject)


def may_mark_reviewed(user: Any, review: Any, subject: Any) -> bool:
    """The review owner vouches for the content; curators (of the zone, or of topics) may too."""
    if not can(user, READ, subject):
        return False
    if review.owner_id == user.id:
        return True
    if zone_of(subject) is None:
        return can(user, MANAGE, subject)
    return can(user, MODERATE, subject)


def authored_by(user: Any, obj: Any) -> bool:
    """Whether `user` wrote `obj` (a post, comment or message): authorship, not permission."""
    author_id = getattr(obj, "author_id", None)
    return _authenticated(user) and author_id is not None and author_id == user.id


def may_edit_own(user: Any, obj: Any, where: Any = None) -> bool:
    """Authors change their own words, and only while they may still write where those live
    (`where`: what WRITE is asked of, e.g. a message's room; `obj` itself by default).
    Curators moderate (hide, delete) but never put words in someone else's mouth."""
    return authored_by(user, obj) and can(user, WRITE, obj if where is None else where)


def may_remove(user: Any, obj: Any, where: Any = None) -> bool:
    """Authors remove their own words (while they may write); moderators anyone's."""
    return may_edit_own(user, obj, where) or can(user, MODERATE, obj if where is None else where)


def may_see_draft(user: Any, post: Any) -> bool:
    """An unpublished post is its author's alone: to anyone else it does not exist."""
    return bool(post.is_published) or authored_by(user, post)


def may_see_hidden(user: Any, obj: Any) -> bool:
    """Hidden words stay visible to their author and to the zone's moderators (the EDIT rule)."""
    return can(user, EDIT, obj)


def addressed_to(user: Any, obj: Any) -> bool:
    """Personal things (a notification) belong to the one user they were made for."""
    return _authenticated(user) and getattr(obj, "user_id", None) == user.id


def readable_anonymously(zone: Any) -> bool:
    """Without a signed-in reader (a feed reader with no key) only public zones are readable."""
    return zone is not None and not zone.is_private


def may_join(user: Any, zone: Any) -> bool:
    """Anyone signed in joins a public zone on their own; a private one only by a curator's
    invitation (add_member), never by asking."""
    return _authenticated(user) and not zone.is_private
