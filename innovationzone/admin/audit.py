"""Writes the audit log: answers the `audit` hook that services call inside their transaction.

Services below this feature (accounts, zones, blog) cannot import it, so they announce the
action by name and this module, imported when the app is made, stores it."""

from __future__ import annotations

from innovationzone import hooks
from innovationzone.accounts.models import User
from innovationzone.admin.models import AuditEntry
from innovationzone.extensions import db


@hooks.register("audit")
def record(actor: User | None, action: str, target: str, detail: str = "") -> None:
    """Answers the `audit` hook inside the caller's transaction, so an admin action and its log
    entry commit (or roll back) together. Fields are clipped to their columns."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id if actor is not None else None,
            action=action[:40],
            target=target[:200],
            detail=detail[:500],
        )
    )
