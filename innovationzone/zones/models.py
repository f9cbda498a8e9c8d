from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.extensions import Model

VISIBILITIES = ("public", "private")
ROLES = ("member", "curator")


class Zone(Model):
    """A space for a team or subject: public (every signed-in person reads it) or private
    (members only)."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Bumped in the same transaction as any write a wiki page of this zone shows (see
    # wiki.view_versions): cached pages are keyed by it, so every process sees the change at once.
    content_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="zone", cascade="all, delete-orphan", order_by="Membership.id"
    )

    @property
    def is_private(self) -> bool:
        """Whether only members (and admins) may read the zone."""
        return self.visibility == "private"

    def to_dict(self) -> dict[str, Any]:
        """The zone as the API shows it (a zone's own answer adds a page of members)."""
        return {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "visibility": self.visibility,
        }


class Membership(Model):
    """A person's role in a zone (member or curator); unique per zone and person."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("zone_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    zone: Mapped[Zone] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    def to_dict(self) -> dict:
        """The member as the zone API lists them."""
        return {
            "username": self.user.username,
            "display_name": self.user.display_name,
            "department": self.user.department,
            "role": self.role,
        }
