"""Who is editing which page right now, so a second editor is warned before conflicts happen.

The embedded default keeps it in this process's memory: one process holds every socket, and a
restart ends every editing session anyway. Scaled out (IZ_MESSAGE_QUEUE), two people editing
the same page may be held by different processes, so the list lives in Redis: a hash per page
of socket id -> who, tagged with the process that holds the socket. Each process keeps a
heartbeat key alive; entries of a process whose heartbeat expired (it was killed) are dropped
when read, so a crash leaves no ghost editors behind.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Protocol, TypeVar

import redis
from flask import current_app

from innovationzone.accounts.models import User
from innovationzone.extensions import db, socketio
from innovationzone.permissions import WRITE, access_zone
from innovationzone.wiki.naming import clean_path
from innovationzone.zones.models import Zone

log = logging.getLogger(__name__)
T = TypeVar("T")
HEARTBEAT_SECONDS = 10  # a process refreshes its key this often ...
PROCESS_TTL_SECONDS = 30  # ... and is taken for dead this long after the last refresh


class EditorStore(Protocol):
    """Where 'who is editing' is kept: in memory for one process, in Redis when scaled out."""

    def people(self, room: str) -> list[tuple[str, str]]:
        """(username, display name) of those editing in the room."""
        ...

    def start(self, sid: str, room: str, person: tuple[str, str]) -> str | None:
        """Records the socket as editing in the room; answers the room it was editing before, if
        another."""
        ...

    def stop(self, sid: str) -> str | None:
        """Forgets the socket; answers the room it was editing, if any."""
        ...


class MemoryEditors:
    """One process's editors: sid -> (room, username, display name)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._editing: dict[str, tuple[str, str, str]] = {}

    def people(self, room: str) -> list[tuple[str, str]]:
        """Everyone this process knows to be editing in the room."""
        with self._lock:
            return sorted({(u, name) for r, u, name in self._editing.values() if r == room})

    def start(self, sid: str, room: str, person: tuple[str, str]) -> str | None:
        """Moves the socket to the room; answers the room it left, if another."""
        with self._lock:
            previous = self._editing.get(sid)
            self._editing[sid] = (room, *person)
        return previous[0] if previous and previous[0] != room else None

    def stop(self, sid: str) -> str | None:
        """Forgets the socket; answers the room it was in."""
        with self._lock:
            previous = self._editing.pop(sid, None)
        return previous[0] if previous else None


class RedisEditors:
    """Every process's editors, in Redis (see the module docstring)."""

    def __init__(self, client: redis.Redis, process: str | None = None) -> None:
        self.redis = client
        self.process = process or uuid.uuid4().hex

    def beat(self) -> None:
        """Say this process is alive; call at least every PROCESS_TTL_SECONDS."""
        self.redis.set(f"iz:process:{self.process}", "1", ex=PROCESS_TTL_SECONDS)

    def people(self, room: str) -> list[tuple[str, str]]:
        """Everyone editing in the room across processes; entries of processes that stopped
        beating are dropped, so a crashed process leaves no ghosts."""
        entries = {
            _text(sid): json.loads(value)
            for sid, value in self.redis.hgetall(f"iz:editing:{room}").items()
        }
        processes = sorted({entry[2] for entry in entries.values()})
        alive = {
            process
            for process, beat in zip(
                processes,
                self.redis.mget([f"iz:process:{p}" for p in processes]) if processes else [],
                strict=True,
            )
            if beat is not None
        }
        dead = [sid for sid, entry in entries.items() if entry[2] not in alive]
        if dead:
            self.redis.hdel(f"iz:editing:{room}", *dead)
        return sorted({(e[0], e[1]) for sid, e in entries.items() if sid not in dead})

    def start(self, sid: str, room: str, person: tuple[str, str]) -> str | None:
        """Records the socket in the room for every process to see; answers the room it left, if
        another."""
        previous = self.stop(sid)
        pipe = self.redis.pipeline()
        pipe.hset(f"iz:editing:{room}", sid, json.dumps([*person, self.process]))
        pipe.set(f"iz:editing-sid:{sid}", room, ex=24 * 3600)
        pipe.execute()
        return previous if previous != room else None

    def stop(self, sid: str) -> str | None:
        """Removes the socket from its room in Redis; answers the room it was in."""
        stored = self.redis.getdel(f"iz:editing-sid:{sid}")
        if stored is None:
            return None
        room = _text(stored)
        self.redis.hdel(f"iz:editing:{room}", sid)
        return room


def _text(value: bytes | str) -> str:
    """A Redis answer as text: this client leaves answers as bytes, which redis-py types as
    bytes or str."""
    return value.decode() if isinstance(value, bytes) else value


_stores: dict[str, EditorStore] = {}
_stores_lock = threading.Lock()


def _store() -> EditorStore:
    """This installation's store, made once per queue URL (and once for memory)."""
    url = current_app.config.get("IZ_MESSAGE_QUEUE") or ""
    with _stores_lock:
        if url not in _stores:
            _stores[url] = _make_store(url)
        return _stores[url]


def _make_store(url: str) -> EditorStore:
    if not url:
        return MemoryEditors()
    store = RedisEditors(redis.Redis.from_url(url))
    store.beat()
    socketio.start_background_task(_keep_beating, store)
    return store


def _keep_beating(store: RedisEditors) -> None:
    while True:
        socketio.sleep(HEARTBEAT_SECONDS)
        try:
            store.beat()
        except redis.RedisError:  # Redis away: beat again next time, the TTL allows for it
            pass


def room_for(user: User, zone_slug: object, path: object) -> str:
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
    found: list[tuple[str, str]] = _quietly(lambda: _store().people(room), [])
    return [{"username": u, "display_name": name} for u, name in found]


def start(sid: str, room: str, user: User) -> str | None:
    """Marks `sid` as editing in `room`; answers the room it was editing before, if another."""
    person = (user.username, user.display_name or user.username)
    return _quietly(lambda: _store().start(sid, room, person), None)


def stop(sid: str) -> str | None:
    """Forgets `sid`; answers the room it was editing in."""
    return _quietly(lambda: _store().stop(sid), None)


def _quietly(call: Callable[[], T], default: T) -> T:
    """A warning, not a failed save or a broken editor, while Redis is away: the list of editors
    is a courtesy; merges and conflicts still protect every edit."""
    try:
        return call()
    except redis.RedisError as error:
        log.warning("who-is-editing unavailable: %s", error)
        return default
