"""The /wiki Socket.IO namespace: "X is editing this page", live.

Client emits `editing` {zone, path} (ack `{ok, me, editors}`) when an editor opens and
`stop_editing` when it closes; the server emits `editors` {editors: [username], people:
[{username, display_name}]} to everyone editing the same page. Every event re-checks the credential and the permission.
"""

from __future__ import annotations

from typing import Any

from flask_socketio import Namespace, emit, join_room, leave_room

from innovationzone import validation
from innovationzone.accounts import socket_auth
from innovationzone.errors import DomainError, ack_error
from innovationzone.extensions import socketio
from innovationzone.permissions import WRITE
from innovationzone.realtime import Guard, current_sid
from innovationzone.wiki import presence_services
from innovationzone.zones.models import Zone

NAMESPACE = "/wiki"


def _announce(room: str) -> None:
    emit("editors", _editors(room), to=room)


def _editors(room: str) -> dict:
    people = presence_services.people(room)
    return {"editors": [person["username"] for person in people], "people": people}


def _evicted(sid: str, room: str, _zone: Zone) -> dict:
    """Outside any request (a recheck): the others editing the page hear that one left."""
    presence_services.stop(sid)
    socketio.emit("editors", _editors(room), to=room, namespace=NAMESPACE)
    return {"room_id": room}


# A socket stays among a page's editors only while its user may still edit in the zone.
GUARD = Guard(action=WRITE, subject=presence_services.zone_of_room, evicted=_evicted)


class WikiNamespace(Namespace):
    """The /wiki Socket.IO namespace: who is editing which page, so editors see each other before
    a conflict happens."""

    def on_connect(self, auth: Any = None) -> None:
        """Authenticates the socket like every other namespace (session cookie or token)."""
        socket_auth.connect(current_sid(), auth)

    def on_disconnect(self, reason: Any = None) -> None:
        """A closed editor stops counting as editing, and the others see it."""
        self._stop()
        socket_auth.disconnect(current_sid())

    def on_editing(self, data: Any = None) -> dict[str, Any]:
        """The user opened the editor of a page they may edit: join its presence room and tell
        everyone there who is editing."""
        data = data if isinstance(data, dict) else {}
        try:
            validation.payload(data, "data")
            user = socket_auth.reader_for(current_sid())
            room = presence_services.room_for(user, data.get("zone"), data.get("path"))
        except DomainError as error:
            return ack_error(error, socket_auth.language(current_sid()))
        previous = presence_services.start(current_sid(), room, user)
        if previous:
            leave_room(previous)
            _announce(previous)
        join_room(room)
        _announce(room)
        return {"ok": True, "me": user.username, **_editors(room)}

    def on_stop_editing(self, data: Any = None) -> dict[str, Any]:
        """The user left the editor; the others see them gone."""
        self._stop()
        return {"ok": True}

    def _stop(self) -> None:
        room = presence_services.stop(current_sid())
        if room:
            leave_room(room)
            _announce(room)
