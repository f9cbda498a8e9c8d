from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model


class AuditEntry(Model):
    """Who did what with authority (accounts, memberships, moderation), kept for accountability.

    Written by the services in the same transaction as the action, so the log and the data
    never disagree. `target` is plain text (a username, a zone slug, "post 12"), not a key:
    the entry outlives what it names.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    def to_dict(self) -> dict:
        """An entry as the admin API lists it; an erased actor shows as null rather than failing."""
        return {
            "id": self.id,
            "actor": self.actor.username if self.actor else None,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
            "created_at": isoformat(self.created_at),
        }
