"""Who may curate topics: the one rule, asked by services and templates alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from innovationzone.extensions import db
from innovationzone.zones.models import Membership


def may_curate(user: Any) -> bool:
    """Admins, and e-competence leads: anyone who curates at least one zone."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_admin:
        return True
    return (
        db.session.scalar(
            select(Membership.id)
            .where(Membership.user_id == user.id, Membership.role == "curator")
            .limit(1)
        )
        is not None
    )
