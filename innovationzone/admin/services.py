"""What only admins do and see: someone else's password and department, the departments,
every zone, and the audit log. Every rule asks permissions.may_administer."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from innovationzone import validation
from innovationzone.accounts import credential_services
from innovationzone.accounts.models import User
from innovationzone.accounts.passwords import hash_password
from innovationzone.accounts.services import audit, get_user
from innovationzone.admin.models import AuditEntry
from innovationzone.db import write_transaction
from innovationzone.errors import Forbidden
from innovationzone.extensions import db
from innovationzone.pagination import Page, keyset
from innovationzone.permissions import may_administer
from innovationzone.zones.models import Zone
from innovationzone.zones.services import zone_summaries


def _require_admin(user: Any) -> None:
    if not may_administer(user):
        raise Forbidden(_l("Only admins may do this."))


def reset_password(actor: User, username: str, new: str) -> User:
    """For someone who lost theirs: a new password, and every sign-in of theirs ends."""
    _require_admin(actor)
    user = get_user(username)
    new_hash = hash_password(validation.password(new))  # slow on purpose: outside the lock
    with write_transaction():
        user.password_hash = new_hash
        credential_services.end_all_but(user)
        audit(actor, "user.password_reset", user.username)
    return user


def set_department(actor: User, username: str, department: Any) -> User:
    """Admins move a person between departments (activity counts follow); the change and the old
    value are audited."""
    _require_admin(actor)
    user = get_user(username)
    department = validation.text(
        {"department": department}, "department", required=False, max_len=80
    )
    with write_transaction():
        before, user.department = user.department, department
        audit(actor, "user.department", user.username, f"{before or '-'} → {department or '-'}")
    return user


def departments(actor: User) -> list[tuple[str, int]]:
    """Each department with how many active people are in it ('' for those without one)."""
    _require_admin(actor)
    rows = db.session.execute(
        select(User.department, func.count(User.id))
        .where(User.active.is_(True))
        .group_by(User.department)
        .order_by(User.department)
    )
    return [(name, count) for name, count in rows]


def all_zones(actor: User, *, limit: int, cursor: str | None = None) -> Page[tuple[Zone, int]]:
    """Every zone, private ones too, by name, a page at a time, each with its member count
    (counted for the page's zones only)."""
    _require_admin(actor)
    listing = keyset(
        select(Zone), (Zone.name, Zone.id), limit=limit, cursor=cursor, descending=False
    )
    summaries = zone_summaries(zone.id for zone in listing.items)
    return Page(
        items=[(zone, summaries[zone.id].members) for zone in listing.items], next=listing.next
    )


def audit_log(actor: User, *, limit: int, cursor: str | None) -> Page[AuditEntry]:
    """The audit log for admins only, newest first, paged by keyset so a busy log stays fast to
    page."""
    _require_admin(actor)
    stmt = select(AuditEntry).options(selectinload(AuditEntry.actor))
    return keyset(stmt, (AuditEntry.created_at, AuditEntry.id), limit=limit, cursor=cursor)
