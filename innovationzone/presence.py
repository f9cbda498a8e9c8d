"""Who is in which live channel right now (a chat room, the editors of a wiki page).

A courtesy list, not a record: it changes on every connect, join and disconnect, and a restart
ends every socket anyway, so it is kept out of the database (a write per join made connecting
1,000 sockets several times slower than bare Flask-SocketIO). The embedded default keeps it in
this process's memory: one process holds every socket. Scaled out (IZ_MESSAGE_QUEUE), people in
one channel may be held by different processes, so the list lives in Redis: a hash per channel
of entry -> who, tagged with the process that holds the socket. Each process keeps a heartbeat
key alive; entries of a process whose heartbeat expired (it was killed) are dropped when read,
so a crash leaves no ghosts behind.

An entry is one socket's place in one channel; it is in one channel at a time (a socket that is
in several chat rooms has one entry per room).
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Protocol, TypeVar

import redis
from flask import current_app

from innovationzone.extensions import socketio

log = logging.getLogger(__name__)
T = TypeVar("T")
Person = tuple[str, str]  # (username, display name)
HEARTBEAT_SECONDS = 10  # a process refreshes its key this often ...
PROCESS_TTL_SECONDS = 30  # ... and is taken for dead this long after the last refresh


class PresenceStore(Protocol):
    """Where one kind of presence (chat rooms, wiki editors) is kept."""

    def people(self, channel: str) -> list[Person]:
        """Who is in `channel`, sorted, each person once."""
        ...

    def start(self, entry: str, channel: str, person: Person) -> str | None:
        """Put `entry` in `channel`; answers the channel it was in before, if another."""
        ...

    def stop(self, entry: str) -> str | None:
        """Take `entry` out; answers the channel it was in."""
        ...

    def announce(self, channel: str, people: list[Person]) -> bool:
        """Note `people` as what `channel` was last told; answers whether that is news (the
        list differs from the one told before), so an unchanged list is not sent again."""
        ...


class MemoryPresence:
    """One process's presence. Each channel counts its entries per person, so reading a channel
    that 1,000 sockets joined (every join's ack does) costs its people, not its sockets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[str, Person]] = {}  # entry -> (channel, person)
        self._counts: dict[str, Counter[Person]] = {}  # channel -> entries per person
        self._told: dict[str, list[Person]] = {}  # channel -> the people it was last told

    def people(self, channel: str) -> list[Person]:
        """Who is in `channel`, sorted, each person once."""
        with self._lock:
            return sorted(self._counts.get(channel, ()))

    def start(self, entry: str, channel: str, person: Person) -> str | None:
        """Put `entry` in `channel`; answers the channel it was in before, if another."""
        with self._lock:
            previous = self._remove(entry)
            self._entries[entry] = (channel, person)
            self._counts.setdefault(channel, Counter())[person] += 1
        return previous if previous != channel else None

    def stop(self, entry: str) -> str | None:
        """Take `entry` out; answers the channel it was in."""
        with self._lock:
            return self._remove(entry)

    def announce(self, channel: str, people: list[Person]) -> bool:
        """Note `people` as what `channel` was last told; answers whether that is news."""
        with self._lock:
            if self._told.get(channel) == people:
                return False
            if people:
                self._told[channel] = people
            else:  # nobody left to tell: forgotten, so channels come and go without a trace
                self._told.pop(channel, None)
            return True

    def _remove(self, entry: str) -> str | None:
        found = self._entries.pop(entry, None)
        if found is None:
            return None
        channel, person = found
        counts = self._counts[channel]
        counts[person] -= 1
        if counts[person] <= 0:
            del counts[person]
            if not counts:
                del self._counts[channel]
        return channel


class RedisPresence:
    """Every process's presence of one `kind`, in Redis (see the module docstring)."""

    def __init__(self, client: redis.Redis, kind: str, process: str | None = None) -> None:
        self.redis, self.kind = client, kind
        self.process = process or uuid.uuid4().hex

    def beat(self) -> None:
        """Say this process is alive; call at least every PROCESS_TTL_SECONDS."""
        self.redis.set(f"iz:process:{self.process}", "1", ex=PROCESS_TTL_SECONDS)

    def people(self, channel: str) -> list[Person]:
        """Who is in `channel`, sorted, each person once; entries of dead processes are dropped."""
        entries = {
            _text(entry): json.loads(value)
            for entry, value in self.redis.hgetall(f"iz:{self.kind}:{channel}").items()
        }
        processes = sorted({found[2] for found in entries.values()})
        alive = {
            process
            for process, beat in zip(
                processes,
                self.redis.mget([f"iz:process:{p}" for p in processes]) if processes else [],
                strict=True,
            )
            if beat is not None
        }
        dead = [entry for entry, found in entries.items() if found[2] not in alive]
        if dead:
            self.redis.hdel(f"iz:{self.kind}:{channel}", *dead)
        return sorted({(e[0], e[1]) for entry, e in entries.items() if entry not in dead})

    def start(self, entry: str, channel: str, person: Person) -> str | None:
        """Put `entry` in `channel`; answers the channel it was in before, if another."""
        previous = self.stop(entry)
        pipe = self.redis.pipeline()
        pipe.hset(f"iz:{self.kind}:{channel}", entry, json.dumps([*person, self.process]))
        pipe.set(f"iz:{self.kind}-sid:{entry}", channel, ex=24 * 3600)
        pipe.execute()
        return previous if previous != channel else None

    def stop(self, entry: str) -> str | None:
        """Take `entry` out; answers the channel it was in."""
        found = self.redis.getdel(f"iz:{self.kind}-sid:{entry}")
        if found is None:
            return None
        channel = _text(found)
        self.redis.hdel(f"iz:{self.kind}:{channel}", entry)
        return channel

    def announce(self, channel: str, people: list[Person]) -> bool:
        """Note `people` as what `channel` was last told (by any process); answers whether that
        is news."""
        told = json.dumps(people)
        before = self.redis.set(f"iz:{self.kind}-told:{channel}", told, ex=24 * 3600, get=True)
        return not isinstance(before, bytes | str) or _text(before) != told


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


_stores: dict[tuple[str, str], PresenceStore] = {}
_stores_lock = threading.Lock()


def store(kind: str) -> PresenceStore:
    """This installation's store of `kind`, made once per queue URL (and once for memory)."""
    url = current_app.config.get("IZ_MESSAGE_QUEUE") or ""
    with _stores_lock:
        if (url, kind) not in _stores:
            _stores[url, kind] = _make_store(url, kind)
        return _stores[url, kind]


def _make_store(url: str, kind: str) -> PresenceStore:
    if not url:
        return MemoryPresence()
    made = RedisPresence(redis.Redis.from_url(url), kind)
    made.beat()
    socketio.start_background_task(_keep_beating, made)
    return made


def _keep_beating(made: RedisPresence) -> None:
    while True:
        socketio.sleep(HEARTBEAT_SECONDS)
        try:
            made.beat()
        except redis.RedisError:  # Redis away: beat again next time, the TTL allows for it
            pass


def people(kind: str, channel: str) -> list[Person]:
    """Who is in `channel` (sorted, each person once); nobody while Redis is away."""
    return _quietly(lambda: store(kind).people(channel), [])


def start(kind: str, entry: str, channel: str, person: Person) -> str | None:
    """Put `entry` in `channel`; answers the channel it was in before, if another."""
    return _quietly(lambda: store(kind).start(entry, channel, person), None)


def stop(kind: str, entry: str) -> str | None:
    """Take `entry` out; answers the channel it was in."""
    return _quietly(lambda: store(kind).stop(entry), None)


def announce(kind: str, channel: str, people: list[Person]) -> bool:
    """Whether `people` is news to `channel` (noted as told); news while Redis is away."""
    return _quietly(lambda: store(kind).announce(channel, people), True)


def _quietly(call: Callable[[], T], default: T) -> T:
    """A warning, not a failed join or a broken editor, while Redis is away: who is here is a
    courtesy; access, messages and merges do not depend on it."""
    try:
        return call()
    except redis.RedisError as error:
        log.warning("presence unavailable: %s", error)
        return default
