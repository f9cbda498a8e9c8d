"""Socket.IO channel names and the emits services queue after commit, for every feature.

One module below the features owns the namespace and the channel names, so a feature that
tells a user something (notifications, chat, wiki) never imports another feature's socket
handlers. socketio.emit goes through the message queue when IZ_MESSAGE_QUEUE is set, so
every server process delivers to the sockets it holds.
"""

from __future__ import annotations

from innovationzone.events import on_commit
from innovationzone.extensions import socketio

NAMESPACE = "/chat"


def room_channel(room_id: int) -> str:
    """Every socket that joined a chat room sits in this channel."""
    return f"room:{room_id}"


def user_channel(user_id: int) -> str:
    """Every socket of a user sits in this channel: notifications go there."""
    return f"user:{user_id}"


def emit_to_room(event: str, payload: dict, room_id: int) -> None:
    """Send `event` now to everyone in the chat room (call only after commit)."""
    socketio.emit(event, payload, to=room_channel(room_id), namespace=NAMESPACE)


def emit_to_user(event: str, payload: dict, user_id: int) -> None:
    """Send `event` now to every open socket of one user (call only after commit)."""
    socketio.emit(event, payload, to=user_channel(user_id), namespace=NAMESPACE)


def after_commit(event: str, payload: dict, room_id: int) -> None:
    """Queue an emit for when the current write transaction commits (never before)."""
    on_commit(lambda: emit_to_room(event, payload, room_id))
