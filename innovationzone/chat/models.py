"""Chat rooms, their messages and read markers (who is online is not stored: see
`chat.presence_services`).

Two per-room counters keep clients honest: `Room.last_seq` numbers messages without gaps (a
client that sees 7 after 5 knows it missed one), `Room.last_change` numbers every creation,
edit and deletion, so `sync` can answer "what changed since change N" with one indexed query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.accounts.models import User
from innovationzone.db import isoformat, utcnow
from innovationzone.extensions import Model
from innovationzone.permissions import PermissionCheck
from innovationzone.zones.models import Zone

ZONE, DIRECT = "zone", "direct"


class Room(Model):
    """A chat room: in a zone (its readers may read) or direct (only its members). It keeps the
    last sequence and change numbers, so clients can sync by cursor."""

    __tablename__ = "chat_rooms"
    __table_args__ = (UniqueConstraint("zone_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=ZONE)
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), nullable=True, index=True
    )
    slug: Mapped[str | None] = mapped_column(String(50), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    # What the room is for: searched with its name (a zone room is found like a page by its title).
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Sorted member ids of a direct-message room: one room per set of people, by constraint.
    direct_key: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_change: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The last rename or new description (None: as created), what search orders changes by.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    zone: Mapped[Zone | None] = relationship()
    members: Mapped[list[RoomMember]] = relationship(
        back_populates="room", cascade="all, delete-orphan"
    )

    @property
    def is_direct(self) -> bool:
        """Whether membership, not a zone, decides who may read the room."""
        return self.kind == DIRECT

    @property
    def permission_check(self) -> PermissionCheck | None:  # None: permissions.can asks the zone
        """Direct messages answer for themselves: only their members, and no moderators."""
        return self._direct_permission if self.is_direct else None

    def _direct_permission(self, user: Any, action: str) -> bool:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if action not in ("read", "write", "edit"):
            return False
        return any(member.user_id == user.id for member in self.members)

    def title_for(self, user: Any) -> str:
        """A direct room is named after the other people in it, as each member sees it; a zone
        room by its name."""
        if not self.is_direct:
            return self.name
        others = [m.user.display_name for m in self.members if user is None or m.user_id != user.id]
        return ", ".join(sorted(others)) or self.name

    def to_dict(self, user: Any = None) -> dict:
        """The room as the API shows it to this user (its title depends on who asks)."""
        members = sorted(m.user.username for m in self.members) if self.is_direct else None
        return _room_dict(self, self.title_for(user), members)


def _room_dict(room: Room | ZoneRoomRow, name: str, members: list[str] | None) -> dict:
    return {
        "id": room.id,
        "kind": room.kind,
        "zone": room.zone.slug if room.zone else None,
        "slug": room.slug,
        "name": name,
        "description": room.description,
        "members": members,
        "last_seq": room.last_seq,
        "last_change": room.last_change,
        "created_at": isoformat(room.created_at),
    }


@dataclass(frozen=True, slots=True)
class ZoneOfRow:
    """The zone of a `ZoneRoomRow`: what the permission rules ask of a Zone."""

    id: int
    slug: str
    visibility: str

    @property
    def is_private(self) -> bool:
        """Private zones are for their members only."""
        return self.visibility == "private"


@dataclass(frozen=True, slots=True)
class ZoneRoomRow:
    """A zone's room read as plain columns, for the socket events that only read it (join,
    leave, typing): the permission rules, `to_dict` and presence take it as they take a Room.
    Profiled, loading the ORM Room with its zone was ~140 us of each join's CPU."""

    id: int
    kind: str
    zone: ZoneOfRow
    slug: str | None
    name: str
    description: str
    last_seq: int
    last_change: int
    created_at: datetime
    permission_check: None = None  # a zone room: the zone's roles decide (permissions.can)

    def to_dict(self, user: Any = None) -> dict:
        """As `Room.to_dict`: a zone room's title is its name, whoever asks."""
        return _room_dict(self, self.name, None)


class RoomMember(Model):
    """Members of a direct-message room (zone rooms take their readers from the zone)."""

    __tablename__ = "chat_room_members"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(
        ForeignKey("chat_rooms.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    room: Mapped[Room] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Message(Model):
    """One chat message; its per-room seq orders history and its change number lets clients pick
    up edits and deletions."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        # Idempotent resend by constraint: a racing duplicate fails to insert, it is not looked up.
        UniqueConstraint("author_id", "client_msg_id"),
        UniqueConstraint("room_id", "seq"),
        Index("ix_chat_messages_room_change", "room_id", "change"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    created_change: Mapped[int] = mapped_column(Integer)
    change: Mapped[int] = mapped_column(Integer)  # the room's change number of the latest state
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    client_msg_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    room: Mapped[Room] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def zone(self) -> Zone | None:
        """The room's zone (None in a direct room), so permissions and search decide as for the
        room."""
        return self.room.zone

    def to_dict(self) -> dict:
        """The message as clients get it; a deleted message keeps its place with an empty body."""
        deleted = self.deleted_at is not None
        return {
            "id": self.id,
            "room_id": self.room_id,
            "seq": self.seq,
            "change": self.change,
            "author": self.author.username if self.author else None,
            "author_display_name": self.author.display_name if self.author else None,
            "body": "" if deleted else self.body,
            "html": "" if deleted else self.html,
            "created_at": isoformat(self.created_at),
            "edited_at": isoformat(self.edited_at),
            "deleted": deleted,
            "client_msg_id": self.client_msg_id,
        }


class ReadMarker(Model):
    """The last message a user has seen in a room, for unread counts."""

    __tablename__ = "chat_read_markers"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
