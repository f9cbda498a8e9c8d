"""The /wiki Socket.IO namespace: "X is editing this page", live.

Client emits `editing` {zone, path} (ack `{ok, me, editors}`) when an editor opens and
`stop_editing` when it closes; the server emits `editors` {room, editors: [username]} to
everyone editing the same page. Every event re-checks the credential and the permission.
"""

from __future__ import annotations

from flask import request
from flask_socketio import Namespace, emit, join_room, leave_room

from innovationzone.accounts import socket_auth
from innovationzone.errors import DomainError, ack_error
from innovationzone.wiki import presence_services


def _announce(room: str) -> None:
    emit("editors", {"editors": presence_services.editors(room)}, to=room)


class WikiNamespace(Namespace):
    def on_connect(self, auth=None):  # noqa: ANN001
        socket_auth.connect(request.sid, auth)

    def on_disconnect(self, reason=None):  # noqa: ANN001
        self._stop()
        socket_auth.disconnect(request.sid)

    def on_editing(self, data=None):  # noqa: ANN001
        data = data if isinstance(data, dict) else {}
        try:
            user = socket_auth.user_for(request.sid)
            room = presence_services.room_for(user, data.get("zone"), data.get("path"))
        except DomainError as error:
            return ack_error(error)
        previous = presence_services.start(request.sid, room, user.username)
        if previous:
            leave_room(previous)
            _announce(previous)
        join_room(room)
        _announce(room)
        return {"ok": True, "me": user.username, "editors": presence_services.editors(room)}

    def on_stop_editing(self, data=None):  # noqa: ANN001
        self._stop()
        return {"ok": True}

    def _stop(self) -> None:
        room = presence_services.stop(request.sid)
        if room:
            leave_room(room)
            _announce(room)
