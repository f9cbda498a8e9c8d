"""Socket.IO channels of the /chat namespace and the emits services queue after commit.

socketio.emit goes through the message queue when IZ_MESSAGE_QUEUE is set, so every
server process delivers to the sockets it holds.
"""

from __future__ import annotations

from innovationzone.events import on_commit
from innovationzone.extensions import socketio

NAMESPACE = "/chat"


def room_channel(room_id: int) -> str:
    return f"room:{room_id}"


def room_id_of(channel: str) -> int | None:
    """The room a `room:<id>` channel carries; None for any other channel."""
    prefix, _, number = channel.partition(":")
    return int(number) if prefix == "room" and number.isdigit() else None


def user_channel(user_id: int) -> str:
    """Every socket of a user sits in this channel: notifications go there."""
    return f"user:{user_id}"


def emit_to_room(event: str, payload: dict, room_id: int) -> None:
    socketio.emit(event, payload, to=room_channel(room_id), namespace=NAMESPACE)


def after_commit(event: str, payload: dict, room_id: int) -> None:
    """Queue an emit for when the current write transaction commits (never before)."""
    on_commit(lambda: emit_to_room(event, payload, room_id))
