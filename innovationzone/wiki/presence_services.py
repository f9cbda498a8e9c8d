"""Who is editing which page right now, so a second editor is warned before conflicts happen.

Kept by `innovationzone.presence` (this process's memory, or Redis when scaled out, so two
people editing the same page on different processes see each other), under the kind "editing".
"""

from __future__ import annotations

from innovationzone import presence
from innovationzone.accounts.models import User
from innovationzone.accounts.socket_auth import Reader
from innovationzone.extensions import db
from innovationzone.permissions import WRITE, access_zone
from innovationzone.wiki.naming import clean_path
from innovationzone.zones.models import Zone

KIND = "editing"


def room_for(user: User | Reader, zone_slug: object, path: object) -> str:
    """The presence room of a page the user may edit; NotFound/Forbidden otherwise."""
    zone = access_zone(user, zone_slug if isinstance(zone_slug, str) else "", WRITE)
    return f"wiki:{zone.id}:{clean_path(path)}"


def zone_of_room(room: str) -> Zone | None:
    """The zone of a `wiki:<zone id>:<path>` presence room, for rechecking who may stay."""
    prefix, _, rest = room.partition(":")
    zone_id = rest.partition(":")[0]
    return db.session.get(Zone, int(zone_id)) if prefix == "wiki" and zone_id.isdigit() else None


def editors(room: str) -> list[str]:
    """Usernames editing in the room, for checks that need no display names."""
    return [person["username"] for person in people(room)]


def people(room: str) -> list[dict[str, str]]:
    """Who edits, with display names: the page says "Ann de Vries is editing", not "ann"."""
    return [{"username": u, "display_name": name} for u, name in presence.people(KIND, room)]


def start(sid: str, room: str, user: User | Reader) -> str | None:
    """Marks `sid` as editing in `room`; answers the room it was editing before, if another."""
    person = (user.username, user.display_name or user.username)
    return presence.start(KIND, sid, room, person)


def stop(sid: str) -> str | None:
    """Forgets `sid`; answers the room it was editing in."""
    return presence.stop(KIND, sid)
