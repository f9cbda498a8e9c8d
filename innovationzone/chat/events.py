"""The /chat Socket.IO namespace: handlers only translate between events and services.

Every event re-checks who is on the socket (the credential may have ended) and asks the
services, which ask the permission module; a failure is acknowledged, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_socketio import Namespace, emit, join_room, leave_room
from sqlalchemy.exc import InterfaceError, OperationalError

from innovationzone import validation
from innovationzone.accounts import socket_auth
from innovationzone.accounts.models import User
from innovationzone.accounts.socket_auth import Reader
from innovationzone.chat import presence_services, room_services, services
from innovationzone.chat.models import Room
from innovationzone.db import discard_failed_transaction
from innovationzone.errors import (
    DATABASE_UNAVAILABLE,
    INTERNAL,
    DomainError,
    Unauthorized,
    Unavailable,
    ValidationError,
    ack_error,
)
from innovationzone.permissions import READ, WRITE
from innovationzone.realtime import Guard, current_sid, join_checked, room_channel, user_channel

log = logging.getLogger(__name__)


def _fields(data: Any, *required: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError(_l("Send an object with %(fields)s.", fields=", ".join(required)))
    return data


def _room_id(data: Any) -> Any:
    """`join`/`leave` take a bare room id (the contract) or {"room_id": n}."""
    return data.get("room_id") if isinstance(data, dict) else data


Ack = dict[str, Any] | None  # what an event handler answers the client (typing answers nothing)
Handler = Callable[["ChatNamespace", Any, Any], Ack]  # (namespace, who is on the socket, data)


def _event(who: Callable[[str], User | Reader]) -> Callable[[Handler], Callable[..., Ack]]:
    """Handlers of `(self, user, data)`, `user` from `who` (socket_auth.user_for for the events
    that write, reader_for for those that only read): the sign-in is checked on every event."""

    def decorate(handler: Handler) -> Callable[..., Ack]:
        @wraps(handler)
        def wrapper(self: ChatNamespace, data: Any = None) -> Ack:
            try:
                user = who(current_sid())
                return handler(self, user, validation.payload(data, "data"))
            except Unauthorized as error:
                language = socket_auth.language(current_sid())
                self.disconnect(current_sid())
                return ack_error(error, language)
            except DomainError as error:
                return ack_error(error, socket_auth.language(current_sid()))
            except (OperationalError, InterfaceError):
                # The database is out of reach: the client keeps the message and resends it
                # (the same client_msg_id never duplicates), so say so rather than "internal".
                log.warning("chat event %s: database unavailable", handler.__name__)
                discard_failed_transaction()
                return ack_error(
                    Unavailable(DATABASE_UNAVAILABLE), socket_auth.language(current_sid())
                )
            except Exception:
                log.exception("chat event %s failed", handler.__name__)
                return ack_error(
                    DomainError(INTERNAL, code="internal"), socket_auth.language(current_sid())
                )

        return wrapper

    return decorate


_reads = _event(socket_auth.reader_for)
_writes = _event(socket_auth.user_for)


def _evicted(sid: str, _channel: str, room: Room) -> dict:
    presence_services.leave(sid, room.id)
    return {"room_id": room.id}


# A socket stays in a room's channel only while its user may read the room.
GUARD = Guard(action=READ, subject=room_services.room_of_channel, evicted=_evicted)


class ChatNamespace(Namespace):
    """The /chat Socket.IO namespace: every event checks access through the services, answers
    with an ack, and broadcasts only after commit."""

    def on_connect(self, auth: Any = None) -> None:
        """Authenticates the socket (session cookie or token) and joins the user's own channel,
        where notifications and access changes arrive."""
        join_room(user_channel(socket_auth.connect(current_sid(), auth)))

    def on_disconnect(self, reason: Any = None) -> None:
        """Takes the socket out of every room's presence and forgets who it was, so 'online'
        lists stay true."""
        presence_services.forget(current_sid())
        socket_auth.disconnect(current_sid())

    @_reads
    def on_join(self, user: Reader, data: Any) -> dict[str, Any]:
        """Into the room's channel once the user may read it; acks the room, its latest
        messages (`history`: how many, default and at most 50) and who is here."""
        count = services.history_count(data.get("history") if isinstance(data, dict) else None)
        room = join_checked(
            lambda: room_services.readable_room(user, _room_id(data)),
            lambda room: room_channel(room.id),
        )
        history = services.latest(user, room, count)  # after joining: nothing falls in between
        presence_services.enter(current_sid(), user, room)
        here = presence_services.online(room.id)
        return {
            "ok": True,
            "room": room.to_dict(user),
            "history": history,
            "online": here["online"],
            "people": here["people"],
        }

    @_reads
    def on_leave(self, user: Reader, data: Any) -> dict[str, Any]:
        """Leaves a room's channel and its presence list."""
        room = room_services.readable_room(user, _room_id(data))
        leave_room(room_channel(room.id))
        presence_services.leave(current_sid(), room.id)
        return {"ok": True}

    @_writes
    def on_send(self, user: User, data: Any) -> dict[str, Any]:
        """Stores a message (idempotent per client_msg_id, so a resend after a lost ack is
        harmless) and acks it; the broadcast follows the commit."""
        data = _fields(data, "room_id", "body", "client_msg_id")
        message = services.send_message(
            user, data.get("room_id"), data.get("body"), data.get("client_msg_id")
        )
        return {"ok": True, "message": message.to_dict()}

    @_reads
    def on_sync(self, user: Reader, data: Any) -> dict[str, Any]:
        """What a reconnecting client missed: new messages and edits or deletions of older ones
        since its cursor."""
        data = _fields(data, "room_id", "after_id")
        result = services.sync(
            user, data.get("room_id"), data.get("after_id"), data.get("after_change")
        )
        return {"ok": True, **result, "messages": [m.to_dict() for m in result["messages"]]}

    @_reads
    def on_typing(self, user: Reader, data: Any) -> None:
        """Tells the others in the room that the user is typing; only people who may write there
        can announce it."""
        room = room_services.readable_room(user, _room_id(data), WRITE)
        emit(
            "typing",
            {
                "room_id": room.id,
                "username": user.username,
                "display_name": user.display_name or user.username,
            },
            to=room_channel(room.id),
            include_self=False,
        )

    @_writes
    def on_edit(self, user: User, data: Any) -> dict[str, Any]:
        """The author edits their message; the room sees the change after commit."""
        data = _fields(data, "message_id", "body")
        return {
            "ok": True,
            "message": services.edit_message(
                user, data.get("message_id"), data.get("body")
            ).to_dict(),
        }

    @_writes
    def on_delete(self, user: User, data: Any) -> dict[str, Any]:
        """The author or a curator deletes a message; the room sees it vanish after commit."""
        data = _fields(data, "message_id")
        return {
            "ok": True,
            "message": services.delete_message(user, data.get("message_id")).to_dict(),
        }

    @_reads
    def on_read(self, user: Reader, data: Any) -> dict[str, Any]:
        """Moves the read marker from the socket, so unread counts follow what the user saw."""
        data = _fields(data, "room_id", "seq")
        return {
            "ok": True,
            "last_seq": room_services.mark_read(user, data.get("room_id"), data.get("seq")),
        }
