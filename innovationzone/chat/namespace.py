"""The /chat Socket.IO namespace: handlers only translate between events and services."""
from __future__ import annotations

from flask import request
from flask_socketio import Namespace, join_room

from .. import socket_auth


def user_room(user_id: int) -> str:
    """Every socket of a user sits in this room: notifications go there."""
    return f"user:{user_id}"


class ChatNamespace(Namespace):
    def on_connect(self, auth=None):  # noqa: ANN001
        user = socket_auth.connect(request.sid, auth)
        join_room(user_room(user.id))

    def on_disconnect(self, reason=None):  # noqa: ANN001
        socket_auth.disconnect(request.sid)
