"""Who is online in a room, kept by `innovationzone.presence` under the kind "chat": this
process's memory, or Redis when scaled out, so every server process sees the same list.

Not in the database: a row written and deleted per join made connecting 1,000 sockets several
times slower than bare Flask-SocketIO, for a list a restart empties anyway. A socket may be in
several rooms; each (socket, room) is one presence entry, and this process remembers the rooms of
the sockets it holds (a socket's events always reach the process that holds it).

Announcements are coalesced per room (CHAT_PRESENCE_DELAY seconds, default 1): a room that
500 people join at once gets a few `presence` events, not 500 x 500; and a list of people the
room was last told already is not sent again (a person's second tab changes nothing).
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from innovationzone import presence, realtime
from innovationzone.accounts.models import User
from innovationzone.accounts.socket_auth import Reader
from innovationzone.asyncmode import Tasks
from innovationzone.chat.models import Room, ZoneRoomRow
from innovationzone.extensions import current_app_object, socketio

KIND = "chat"
_rooms_of: dict[str, set[int]] = {}  # sid -> the rooms this process's socket is in


def _entry(sid: str, room_id: int) -> str:
    return f"{sid}/{room_id}"


def online(room_id: int) -> dict:
    """The `presence` payload: `online` usernames (the contract) and `people`, so a client can
    show display names like messages do, with the username at hand for a hover title."""
    return _payload(room_id, presence.people(KIND, realtime.room_channel(room_id)))


def _payload(room_id: int, found: list[presence.Person]) -> dict:
    people = [{"username": username, "display_name": name} for username, name in found]
    return {
        "room_id": room_id,
        "online": [person["username"] for person in people],
        "people": people,
    }


def _tell(room_id: int) -> None:
    """Send the room who is in it, unless that is what it was last told: a list of people, not
    of sockets, so a second tab or a reconnect changes nothing. Profiled with 1,000 sockets
    joining one room, re-sending an unchanged list to every socket each second was a sixth of
    the server's CPU, and as much again for the clients that had to read it."""
    channel = realtime.room_channel(room_id)
    found = presence.people(KIND, channel)
    if presence.announce(KIND, channel, found):
        realtime.emit_to_room("presence", _payload(room_id, found), room_id)


_dirty: set[int] = set()
_dirty_lock = threading.Lock()
_flushes = Tasks()  # the announcing tasks waiting out their delay (or sending)
_hurry = threading.Event()  # set: end the delay now


def _announce(room_ids: list[int]) -> None:
    delay = current_app.config.get("CHAT_PRESENCE_DELAY", 1.0)
    if not delay:
        for room_id in room_ids:
            _tell(room_id)
        return
    app = current_app_object()
    with _dirty_lock:
        idle = not _dirty
        _dirty.update(room_ids)
    if idle:
        _flushes.started()
        socketio.start_background_task(_flush, app, delay)


def _flush(app: Flask, delay: float) -> None:
    try:
        _hurry.wait(delay)  # a green wait under eventlet, as socketio.sleep was
        with _dirty_lock:
            room_ids = sorted(_dirty)
            _dirty.clear()
        with app.app_context():
            for room_id in room_ids:
                _tell(room_id)
    finally:
        _flushes.finished()


def drop_pending(timeout: float) -> bool:
    """Forget the announcements still waiting out their delay and wait until the task that
    would send them has ended: an app being torn down (a test's end) must not have it emit into
    the next one's rooms a second later. Joins after this announce as before."""
    with _dirty_lock:
        _dirty.clear()
    _hurry.set()
    try:
        return _flushes.wait(timeout)
    finally:
        _hurry.clear()


def enter(sid: str, user: User | Reader, room: Room | ZoneRoomRow) -> None:
    """`sid` is in `room` now; the room hears it."""
    person = (user.username, user.display_name or user.username)
    _rooms_of.setdefault(sid, set()).add(room.id)
    presence.start(KIND, _entry(sid, room.id), realtime.room_channel(room.id), person)
    _announce([room.id])


def leave(sid: str, room_id: int) -> None:
    """`sid` left `room_id` (or was sent out); the room hears it."""
    _rooms_of.get(sid, set()).discard(room_id)
    presence.stop(KIND, _entry(sid, room_id))
    _announce([room_id])


def forget(sid: str) -> None:
    """On disconnect: out of every room this socket was in."""
    room_ids = sorted(_rooms_of.pop(sid, set()))
    for room_id in room_ids:
        presence.stop(KIND, _entry(sid, room_id))
    if room_ids:
        _announce(room_ids)
