"""Who is online in a room, kept in the database so every server process sees the same list.

Announcements are coalesced per room (CHAT_PRESENCE_DELAY seconds, default 1): a room that
500 people join at once gets a few `presence` events, not 500 x 500.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy import delete, select

from innovationzone import realtime
from innovationzone.accounts.models import User
from innovationzone.chat.models import Presence, Room
from innovationzone.db import write_transaction
from innovationzone.events import on_commit
from innovationzone.extensions import db, socketio


def online(room_id: int) -> dict:
    """The `presence` payload: `online` usernames (the contract) and `people`, so a client can
    show display names like messages do, with the username at hand for a hover title."""
    people = [
        {"username": username, "display_name": display_name or username}
        for username, display_name in db.session.execute(
            select(User.username, User.display_name)
            .join(Presence, Presence.user_id == User.id)
            .where(Presence.room_id == room_id)
            .distinct()
            .order_by(User.username)
        )
    ]
    return {
        "room_id": room_id,
        "online": [person["username"] for person in people],
        "people": people,
    }


_dirty: set[int] = set()
_dirty_lock = threading.Lock()


def _announce(room_ids: list[int]) -> None:
    delay = current_app.config.get("CHAT_PRESENCE_DELAY", 1.0)
    if (
        not delay
    ):  # at once: computed inside the transaction (no SQL after commit), emitted after it
        for room_id in room_ids:
            realtime.after_commit("presence", online(room_id), room_id)
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    on_commit(lambda: _schedule(app, room_ids, delay))


def _schedule(app: Flask, room_ids: list[int], delay: float) -> None:
    with _dirty_lock:
        idle = not _dirty
        _dirty.update(room_ids)
    if idle:
        socketio.start_background_task(_flush, app, delay)


def _flush(app: Flask, delay: float) -> None:
    socketio.sleep(delay)
    with _dirty_lock:
        room_ids = sorted(_dirty)
        _dirty.clear()
    with app.app_context():
        for room_id in room_ids:
            realtime.emit_to_room("presence", online(room_id), room_id)


def enter(sid: str, user: User, room: Room) -> None:
    """Records the socket as present in the room and announces who is online (at once, or batched
    after a short delay)."""
    with write_transaction(durable=False) as session:
        session.merge(Presence(sid=sid, room_id=room.id, user_id=user.id))
        session.flush()
        _announce([room.id])


def leave(sid: str, room_id: int) -> None:
    """Removes the socket from the room's presence and announces the new list."""
    with write_transaction(durable=False) as session:
        session.execute(delete(Presence).where(Presence.sid == sid, Presence.room_id == room_id))
        _announce([room_id])


def forget(sid: str) -> None:
    """On disconnect: out of every room this socket was in."""
    with write_transaction(durable=False) as session:
        room_ids = list(session.scalars(select(Presence.room_id).where(Presence.sid == sid)))
        if room_ids:
            session.execute(delete(Presence).where(Presence.sid == sid))
            _announce(room_ids)


def forget_everyone() -> None:
    """On start of a single embedded process nobody from before is still online (and a crash
    may have left rows behind, since presence is written without an fsync)."""
    with write_transaction(durable=False) as session:
        session.execute(delete(Presence))
