"""Zones and their members. Permission checks go through permissions, never around it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from innovationzone import hooks, realtime, validation
from innovationzone.accounts.models import User
from innovationzone.accounts.services import audit, get_user
from innovationzone.db import write_transaction
from innovationzone.errors import Conflict, Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import MANAGE, access_zone, may_join, readable_zone_ids_query
from innovationzone.zones.models import ROLES, VISIBILITIES, Membership, Zone


def zones_page(user: User, *, limit: int, cursor: str | None) -> ListPage:
    """The zones the user may read, by name, a page at a time."""
    query = select(Zone).where(Zone.id.in_(readable_zone_ids_query(user)))
    return keyset(query, (Zone.name, Zone.id), limit=limit, cursor=cursor, descending=False)


def members_page(user: User, zone_slug: str, *, limit: int, cursor: str | None) -> ListPage:
    """A zone's members in the order they joined, a page at a time (a zone may have thousands)."""
    zone = access_zone(user, zone_slug)
    query = (
        select(Membership).options(joinedload(Membership.user)).where(Membership.zone_id == zone.id)
    )
    return keyset(query, (Membership.id,), limit=limit, cursor=cursor, descending=False)


def department_counts(zone: Zone) -> list[tuple[str, int]]:
    """How many members each department has in the zone, counted by the database."""
    rows = db.session.execute(
        select(User.department, func.count())
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.zone_id == zone.id, User.department != "")
        .group_by(User.department)
        .order_by(User.department)
    )
    return [(department, count) for department, count in rows]


@dataclass(frozen=True)
class ZoneSummary:
    """What a zone's card says of its people: how many, and from which departments."""

    members: int
    departments: list[str]


def zone_summaries(zone_ids: Iterable[int]) -> dict[int, ZoneSummary]:
    """Member count and departments of a page of zones, from one grouped query (a row per zone
    and department), so a zone card never loads the zone's members."""
    ids = list(zone_ids)
    rows = db.session.execute(
        select(Membership.zone_id, User.department, func.count())
        .join(User, User.id == Membership.user_id)
        .where(Membership.zone_id.in_(ids))
        .group_by(Membership.zone_id, User.department)
        .order_by(Membership.zone_id, User.department)
    )
    counts: dict[int, int] = {}
    departments: dict[int, list[str]] = {}
    for zone_id, department, count in rows:
        counts[zone_id] = counts.get(zone_id, 0) + count
        if department:
            departments.setdefault(zone_id, []).append(department)
    return {
        zone_id: ZoneSummary(counts.get(zone_id, 0), departments.get(zone_id, []))
        for zone_id in ids
    }


def zone_choices(user: User, selected: str | None, limit: int, *, fill: bool = False) -> list[Zone]:
    """A zone picker's options: the first `limit` zones the user is a member of, by name, and the
    `selected` one if the user may read it, so a picker stays short in an organisation of
    thousands of zones (any other zone is reached by typing its slug). Two indexed queries.
    With `fill`, zones the user may read but is not in complete the list up to `limit` (a
    third query): someone in no zone yet still has public zones to choose from."""
    readable = Zone.id.in_(readable_zone_ids_query(user))
    mine = select(Membership.zone_id).where(Membership.user_id == user.id)
    zones = list(
        db.session.scalars(
            select(Zone).where(Zone.id.in_(mine), readable).order_by(Zone.name).limit(limit)
        )
    )
    if fill and len(zones) < limit:
        others = select(Zone).where(readable, Zone.id.not_in(mine))
        zones += db.session.scalars(others.order_by(Zone.name).limit(limit - len(zones)))
    if selected and all(zone.slug != selected for zone in zones):
        chosen = db.session.scalar(select(Zone).where(Zone.slug == selected, readable))
        zones += [chosen] if chosen else []
    return zones


def create_zone(user: User, data: Mapping[str, Any]) -> Zone:
    """Any signed-in person creates a zone and becomes its first curator, so a zone is never
    without one."""
    if not user.is_authenticated:
        raise Forbidden(_l("Sign in to create a zone."))
    slug = validation.slug(validation.text(data, "slug", max_len=50).lower())
    name = validation.text(data, "name", max_len=120)
    description = validation.text(data, "description", required=False, max_len=2000)
    visibility = validation.choice(data, "visibility", VISIBILITIES, default="public")
    with write_transaction() as session:
        if session.scalar(select(Zone.id).where(Zone.slug == slug)):
            raise Conflict(_l("A zone '%(slug)s' exists already.", slug=slug), code="duplicate")
        zone = Zone(
            slug=slug,
            name=name,
            description=description,
            visibility=visibility,
            created_by_id=user.id,
        )
        session.add(zone)
        session.flush()
        session.add(Membership(zone_id=zone.id, user_id=user.id, role="curator"))
    return zone


def update_zone(user: User, slug: str, data: Mapping[str, Any]) -> Zone:
    """Curators change a zone; going private rechecks live sockets after commit, so outsiders
    drop out of its rooms. A visibility change is audited."""
    zone = access_zone(user, slug, MANAGE)
    name = validation.text(data, "name", required=False, max_len=120, default=zone.name)
    description = validation.text(
        data, "description", required=False, max_len=2000, default=zone.description
    )
    visibility = validation.choice(data, "visibility", VISIBILITIES, default=zone.visibility)
    with write_transaction():
        if visibility == "private" and not zone.is_private:
            realtime.recheck_after_commit(zone_id=zone.id)  # outsiders in its rooms leave them
        if visibility != zone.visibility:
            audit(user, "zone.visibility", zone.slug, visibility)
        zone.name, zone.description, zone.visibility = name, description, visibility
    return zone


def add_member(user: User, slug: str, data: Mapping[str, Any]) -> Membership:
    """Adds someone, or changes their role if they are a member already."""
    zone = access_zone(user, slug, MANAGE)
    member = get_user(validation.text(data, "username", max_len=32))
    role = validation.choice(data, "role", ROLES, default="member")
    with write_transaction() as session:
        membership = session.scalar(
            select(Membership).where(Membership.zone_id == zone.id, Membership.user_id == member.id)
        )
        if membership is None:
            membership = Membership(zone_id=zone.id, user_id=member.id, role=role)
            session.add(membership)
            session.flush()
            hooks.call("zone.member_added", actor=user, zone=zone, member=member)
            audit(user, "zone.member_added", f"{zone.slug}: {member.username}", role)
        elif membership.role != role:
            membership.role = role
            audit(user, "zone.role_changed", f"{zone.slug}: {member.username}", role)
    return membership


def remove_member(user: User, slug: str, username: str) -> None:
    """A curator removes a member; the last curator cannot be removed, and the member's live
    access is rechecked after commit. Audited."""
    zone = access_zone(user, slug, MANAGE)
    member = get_user(username)
    with write_transaction() as session:
        membership = session.scalar(
            select(Membership).where(Membership.zone_id == zone.id, Membership.user_id == member.id)
        )
        if membership is None:
            raise NotFound(_l("%(name)s is not a member of this zone.", name=member.username))
        curators = session.scalars(
            select(Membership).where(Membership.zone_id == zone.id, Membership.role == "curator")
        ).all()
        if membership.role == "curator" and len(curators) == 1:
            raise ValidationError(_l("A zone keeps at least one curator; name another one first."))
        session.delete(membership)
        audit(user, "zone.member_removed", f"{zone.slug}: {member.username}")
        realtime.recheck_after_commit(user_id=member.id)


def join_zone(user: User, slug: str) -> Membership:
    """Public zones are open to all: joining one needs nobody's permission."""
    zone = access_zone(user, slug)
    # The membership row itself, not the role: an admin's role says "admin" whether or not they
    # are a member, and joining twice must not insert a second row.
    existing = db.session.scalar(
        select(Membership).where(Membership.zone_id == zone.id, Membership.user_id == user.id)
    )
    if existing is not None:
        return existing
    if not may_join(user, zone):
        raise Forbidden(_l("Private zones are joined by invitation of a curator."))
    with write_transaction() as session:
        membership = Membership(zone_id=zone.id, user_id=user.id, role="member")
        session.add(membership)
    return membership
