"""Everything live over Socket.IO that several features share: channel names, emits after
commit, and access that ends.

One module below the features owns the channel names and the emits, so a feature that tells
a user something (notifications, chat, wiki) never imports another feature's socket handlers.
socketio.emit goes through the message queue when IZ_MESSAGE_QUEUE is set, so every server
process delivers to the sockets it holds.

Access that ends: a socket leaves every channel its user may no longer see, on every process.
Access is checked when a socket joins a channel (a chat room, the editors of a wiki page);
after that, broadcasts to the channel reach it without asking again. So every change that
takes access away (a member removed, a zone made private) calls `recheck_after_commit`.
After the commit each server process goes through the sockets it holds (a socket and its
channels live in the memory of the process that holds it; with IZ_MESSAGE_QUEUE set the
request reaches every process through Redis) and asks the permission module again: a socket
whose credential ended is disconnected, one that may no longer see a channel leaves it and is
sent `access_revoked`. Asking again, rather than trusting what the change said, means a late
or repeated recheck can never take away access someone still has. Ending a credential (logout,
password change, deactivation, a revoked token) is such a change too: the recheck of the user's
sockets closes those whose credential ended.
"""

from __future__ import annotations

import functools
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import redis
from engineio import json as engineio_json
from flask import Flask, request
from flask_socketio import join_room, leave_room

from innovationzone import hooks
from innovationzone.accounts import socket_auth
from innovationzone.accounts.credential_services import CREDENTIAL_ENDED
from innovationzone.asyncmode import Tasks
from innovationzone.errors import Unauthorized
from innovationzone.events import on_commit
from innovationzone.extensions import current_app_object, db, socketio
from innovationzone.permissions import can, zone_of

log = logging.getLogger(__name__)
T = TypeVar("T")
REDIS_CHANNEL = "innovationzone:recheck"
EVENT = "access_revoked"
NAMESPACE = "/chat"  # every signed-in page opens it: chat rooms and each user's own channel


def current_sid() -> str:
    """The Socket.IO id of the socket whose event is being handled (Flask-SocketIO sets
    `request.sid`; typed here once rather than at every handler)."""
    return request.sid  # type: ignore[attr-defined]  # set by Flask-SocketIO


def room_channel(room_id: int) -> str:
    """Every socket that joined a chat room sits in this channel."""
    return f"room:{room_id}"


def room_id_of(channel: str) -> int | None:
    """The room a `room:<id>` channel carries; None for any other channel."""
    prefix, _, number = channel.partition(":")
    return int(number) if prefix == "room" and number.isdigit() else None


def user_channel(user_id: int) -> str:
    """Every socket of a user sits in this channel: notifications go there."""
    return f"user:{user_id}"


class Encoded:
    """A value already serialised to JSON, sent as it is inside a Socket.IO packet.

    What many sockets are sent alike (a room's latest messages, in every join's ack) is
    encoded once and kept: profiled while 1,000 sockets joined a room, encoding those 50
    messages again per ack, and python-socketio walking them for binary parts, were about a
    twentieth of the server's CPU. The client receives the same JSON either way."""

    __slots__ = ("text",)

    def __init__(self, value: Any) -> None:
        self.text = json.dumps(value, separators=(",", ":"))


# Stands for an Encoded value while the packet around it is encoded. Random per process and never
# sent, so no text a user writes can be taken for it.
_MARK = f"iz-encoded-{secrets.token_hex(16)}"
_MARK_JSON = json.dumps(_MARK)


def _not_json(item: Any) -> Any:
    raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")


class PacketJSON:
    """The json module Socket.IO encodes packets with (passed to SocketIO as `json`): the
    standard one (Engine.IO's `loads`, which refuses huge integers), and `dumps` splices
    `Encoded` values in as they are."""

    loads = staticmethod(engineio_json.loads)

    @staticmethod
    def dumps(value: Any, **options: Any) -> str:
        """JSON of `value`, with each Encoded in it written out as its kept text."""
        texts: list[str] = []

        def mark(item: Any) -> Any:
            if not isinstance(item, Encoded):
                return _not_json(item)
            texts.append(item.text)
            return _MARK

        text = json.dumps(value, default=mark, **options)
        if not texts:
            return text
        parts = text.split(_MARK_JSON)
        if len(parts) != len(texts) + 1:  # cannot happen (see _MARK); never guess, decode them
            return json.dumps(
                value,
                default=lambda item: (
                    json.loads(item.text) if isinstance(item, Encoded) else _not_json(item)
                ),
                **options,
            )
        return "".join(part + kept for part, kept in zip(parts, [*texts, ""], strict=True))


def emit_to_room(event: str, payload: dict, room_id: int) -> None:
    """Send `event` now to everyone in the chat room (call only after commit)."""
    socketio.emit(event, payload, to=room_channel(room_id), namespace=NAMESPACE)


def emit_to_user(event: str, payload: dict, user_id: int) -> None:
    """Send `event` now to every open socket of one user (call only after commit)."""
    socketio.emit(event, payload, to=user_channel(user_id), namespace=NAMESPACE)


def after_commit(event: str, payload: dict, room_id: int) -> None:
    """Queue an emit for when the current write transaction commits (never before)."""
    on_commit(lambda: emit_to_room(event, payload, room_id))


def post_channel(post_id: int) -> str:
    """Every socket showing a blog post sits in this channel (comments and reactions live)."""
    return f"post:{post_id}"


def post_changed_after_commit(post_id: int) -> None:
    """Tell readers of a post that its comments or reactions changed, once committed.

    Only the post's id travels: each reader's page then asks for the new state over HTTP,
    where its access is checked again, so a reader who lost access learns nothing more."""
    on_commit(
        lambda: socketio.emit(
            "post_changed", {"post_id": post_id}, to=post_channel(post_id), namespace=NAMESPACE
        )
    )


SWEEP_SECONDS = 60


@dataclass(frozen=True)
class Guard:
    """How the channels of one Socket.IO namespace are checked again."""

    action: str  # what the user must still be allowed to do to the channel's subject
    subject: Callable[[str], Any]  # the room or zone a channel shows; None: not a guarded channel
    evicted: Callable[[str, str, Any], dict]  # (sid, channel, subject) left: tidy up, say what


_guards: dict[str, Guard] = {}


def guard(namespace: str, rules: Guard) -> None:
    """Declare how `namespace`'s channels are rechecked (done once, when the app is made)."""
    _guards[namespace] = rules


def recheck_after_commit(*, user_id: int | None = None, zone_id: int | None = None) -> None:
    """Call inside the write transaction that takes access away from a user or out of a zone."""
    app = current_app_object()
    scope = {"user_id": user_id, "zone_id": zone_id}
    on_commit(lambda: _dispatch(app, scope))


@hooks.register(CREDENTIAL_ENDED)
def _credential_ended(user_id: int) -> None:
    recheck_after_commit(user_id=user_id)


_rechecks_started = 0  # rechecks this process began: a join compares it before and after


def join_checked(check: Callable[[], T], channel: Callable[[T], str]) -> T:
    """Join the current socket to the `channel` of what `check()` (a permission check that
    raises) answers, with no gap a recheck could slip through.

    A recheck only sees sockets already in a channel; a socket that was checked before access
    ended but joined after the recheck walked the channels would keep it. So if a recheck began
    on this process while checking, the socket joins, and is checked again in a new transaction
    (which sees what the recheck was about); otherwise every later recheck finds it in the
    channel. This replaces a database write per join that only served to end the transaction.
    """
    started = _rechecks_started
    answer = check()
    joined = channel(answer)
    join_room(joined)
    if _rechecks_started != started:
        db.session.rollback()
        try:
            answer = check()
        except Exception:
            leave_room(joined)
            raise
    return answer


def _dispatch(app: Flask, scope: dict) -> None:
    """After commit no SQL may run in this session: the recheck runs in its own task."""
    url = app.config.get("IZ_MESSAGE_QUEUE")
    if url:
        _redis(url).publish(REDIS_CHANNEL, json.dumps(scope))
    else:
        in_flight = _in_flight(app)
        in_flight.started()
        socketio.start_background_task(_recheck_task, app, scope, in_flight)


def _in_flight(app: Flask) -> Tasks:
    """The rechecks `app` started here (tests run many apps in one process; a server runs one)."""
    return app.extensions.setdefault("iz_rechecks", Tasks())


def _recheck_task(app: Flask, scope: dict, in_flight: Tasks) -> None:
    try:
        recheck(app, scope)
    finally:
        in_flight.finished()


def wait_rechecks(app: Flask, timeout: float) -> bool:
    """Until the rechecks `app` started in this process have finished, before closing its
    database under them: one still running after its engine was disposed opens a connection in
    a fresh pool that nobody closes (found as a flaky test: the connection was collected, open,
    during a later test)."""
    return _in_flight(app).wait(timeout)


@functools.cache
def _redis(url: str) -> redis.Redis:
    """One connection pool per queue for the process, not one per publish."""
    return redis.Redis.from_url(url)


def start(app: Flask) -> None:
    """`serve` calls this once: hear the rechecks of every process (with a queue), and sweep."""
    url = app.config.get("IZ_MESSAGE_QUEUE")
    if url:
        pubsub = _redis(url).pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(REDIS_CHANNEL)  # subscribed before serving: no recheck falls in between
        socketio.start_background_task(_listen, app, pubsub)
    socketio.start_background_task(_sweep, app)


def _sweep(app: Flask) -> None:
    """A safety net under the rechecks: every SWEEP_SECONDS every socket is checked again, so a
    change that forgot to ask for a recheck (or whose message Redis lost) leaks for a minute at
    most, not for as long as the socket lives."""
    while True:
        socketio.sleep(app.config.get("REALTIME_SWEEP_SECONDS", SWEEP_SECONDS))
        recheck(app, {})


def _listen(app: Flask, pubsub: redis.client.PubSub) -> None:
    while True:
        try:
            for message in pubsub.listen():
                recheck(app, json.loads(message["data"]))
        except Exception:  # Redis restarted: redis-py subscribes again on the next listen
            log.exception("recheck listener lost Redis; listening again")
            socketio.sleep(1)


def recheck(app: Flask, scope: dict) -> None:
    """Check again the sockets this process holds of `scope`'s user or in its zone's channels
    (an empty scope: every socket)."""
    global _rechecks_started
    _rechecks_started += 1
    with app.app_context():
        for namespace, rules in _guards.items():
            try:
                _recheck_namespace(namespace, rules, scope.get("user_id"), scope.get("zone_id"))
            except Exception:
                log.exception("recheck of %s failed", namespace)


def _recheck_namespace(
    namespace: str, rules: Guard, user_id: int | None, zone_id: int | None
) -> None:
    server = socketio.server
    channels: dict[str, set[str]] = {}  # sid -> its guarded channels in scope
    subjects: dict[str, Any] = {}

    def subject(channel: str) -> Any:
        if channel not in subjects:
            subjects[channel] = rules.subject(channel)
        return subjects[channel]

    if zone_id is not None:  # walk the channels (few) rather than every socket's rooms
        for channel, members in list(server.manager.rooms.get(namespace, {}).items()):
            if channel is not None and _zone_id(subject(channel)) == zone_id:
                for sid in list(members):
                    channels.setdefault(sid, set()).add(channel)
    else:
        sids = socket_auth.sids_of(user_id) if user_id is not None else socket_auth.sids()
        for sid in sids:
            if server.manager.is_connected(sid, namespace):
                mine = server.manager.get_rooms(sid, namespace)
                channels[sid] = {c for c in mine if subject(c) is not None}
    for sid, guarded in channels.items():
        socketio.sleep(0)  # a sweep of many sockets must not hold up the others' events
        try:
            user = socket_auth.reader_for(sid)
        except Unauthorized:
            server.disconnect(sid, namespace=namespace)
            continue
        for channel in sorted(guarded):
            if not can(user, rules.action, subject(channel)):
                server.leave_room(sid, channel, namespace=namespace)
                lost = rules.evicted(sid, channel, subject(channel))
                server.emit(EVENT, lost, to=sid, namespace=namespace)


def _zone_id(subject: Any) -> int | None:
    zone = zone_of(subject) if subject is not None else None
    return zone.id if zone is not None else None
