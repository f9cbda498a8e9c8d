"""Who is editing which page right now, so a second editor is warned before conflicts happen.

Kept in this process's memory: a socket's events stay on the process that holds it (sticky
sessions), and a restart ends every editing session anyway.
"""

from __future__ import annotations

import threading

from innovationzone.accounts.models import User
from innovationzone.permissions import WRITE, access_zone
from innovationzone.wiki.naming import clean_path

_lock = threading.Lock()
_editing: dict[str, tuple[str, str]] = {}  # sid -> (room, username)


def room_for(user: User, zone_slug: object, path: object) -> str:
    """The presence room of a page the user may edit; NotFound/Forbidden otherwise."""
    zone = access_zone(user, zone_slug if isinstance(zone_slug, str) else "", WRITE)
    return f"wiki:{zone.id}:{clean_path(path)}"


def editors(room: str) -> list[str]:
    with _lock:
        return sorted({username for r, username in _editing.values() if r == room})


def start(sid: str, room: str, username: str) -> str | None:
    """Marks `sid` as editing in `room`; answers the room it was editing before, if another."""
    with _lock:
        previous = _editing.get(sid)
        _editing[sid] = (room, username)
    return previous[0] if previous and previous[0] != room else None


def stop(sid: str) -> str | None:
    """Forgets `sid`; answers the room it was editing in."""
    with _lock:
        previous = _editing.pop(sid, None)
    return previous[0] if previous else None
