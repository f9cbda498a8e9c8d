from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.zones.models import Zone


class Notification(Model):
    """Something one person should know about (a mention, a reply, a change to a watched page),
    with a link to it; read_at drives the badge."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # mention, reply, comment, page_changed, ...
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), nullable=True
    )
    object_type: Mapped[str] = mapped_column(String(20))  # page, post, comment, message
    object_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Set once the notification went out by e-mail (instantly or in a digest): never twice.
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    zone: Mapped[Zone | None] = relationship()

    def to_dict(self) -> dict:
        """The notification as the API shows it; an erased actor or zone is null."""
        return {
            "id": self.id,
            "kind": self.kind,
            "actor": self.actor.username if self.actor else None,
            "actor_display_name": self.actor.display_name if self.actor else None,
            "zone": self.zone.slug if self.zone else None,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "title": self.title,
            "url": self.url,
            "created_at": isoformat(self.created_at),
            "read": self.read_at is not None,
        }
