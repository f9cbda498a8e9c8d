"""Who is online in a room, kept in the database so every server process sees the same list."""
from __future__ import annotations

from sqlalchemy import delete, select

from ..accounts.models import User
from ..db import write_transaction
from ..extensions import db
from . import broadcast
from .models import Presence, Room


def online(room_id: int) -> list[str]:
    return list(db.session.scalars(
        select(User.username).join(Presence, Presence.user_id == User.id)
        .where(Presence.room_id == room_id).distinct().order_by(User.username)
    ))


def _announce(room_ids: list[int]) -> None:
    """Computed inside the transaction (no SQL after commit), emitted after it."""
    for room_id in room_ids:
        broadcast.after_commit("presence", {"room_id": room_id, "online": online(room_id)}, room_id)


def enter(sid: str, user: User, room: Room) -> None:
    with write_transaction() as session:
        session.merge(Presence(sid=sid, room_id=room.id, user_id=user.id))
        session.flush()
        _announce([room.id])


def leave(sid: str, room_id: int) -> None:
    with write_transaction() as session:
        session.execute(delete(Presence).where(Presence.sid == sid, Presence.room_id == room_id))
        _announce([room_id])


def forget(sid: str) -> None:
    """On disconnect: out of every room this socket was in."""
    with write_transaction() as session:
        room_ids = list(session.scalars(select(Presence.room_id).where(Presence.sid == sid)))
        if room_ids:
            session.execute(delete(Presence).where(Presence.sid == sid))
            _announce(room_ids)
