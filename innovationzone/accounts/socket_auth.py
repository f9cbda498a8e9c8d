"""Who is on a socket: checked at connect and again on every event.

A socket lives long; the credential behind it (login session or token) may end meanwhile, and
a client-sent username is never trusted. Sticky sessions keep a socket's events on the process
that holds it, so the per-sid identity lives in this process's memory, not in the database:
ending a credential asks every process to check its own sockets again (the `credential.ended`
hook, answered by `realtime`), so no process needs to know another's sockets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from socketio.exceptions import ConnectionRefusedError
from sqlalchemy import Select, bindparam, select

from innovationzone.accounts import credential_services
from innovationzone.accounts.models import ApiToken, LoginSession, User
from innovationzone.db import read_row
from innovationzone.errors import Unauthorized
from innovationzone.extensions import db


@dataclass(frozen=True)
class Identity:
    """Who is on a socket, kept per sid at connect, so events need no database lookup to know the
    user and their credential."""

    user_id: int
    login_session_id: int | None
    token_id: int | None
    language: str = "en"


_identities: dict[str, Identity] = {}


def connect(sid: str, auth: Any) -> int:
    """Authenticate a new connection and answer the user's id, or raise
    ConnectionRefusedError."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        found = credential_services.token_ids(token)
        if found is None:
            raise ConnectionRefusedError("invalid token")
        identity = Identity(found[0], None, found[1])
    elif current_user.is_authenticated:
        # Chosen once, as the page around the socket was: no database read on an error path.
        identity = Identity(current_user.id, g.get("iz_login_session_id"), None, str(get_locale()))
    else:
        raise ConnectionRefusedError("sign in first")
    _identities[sid] = identity
    return identity.user_id


def disconnect(sid: str) -> None:
    """The socket closed: it no longer counts among this process's sockets."""
    _identities.pop(sid, None)


def sids() -> list[str]:
    """Every socket this process holds (every namespace)."""
    return list(_identities)


def sids_of(user_id: int) -> list[str]:
    """The sockets this process holds for a user (every namespace)."""
    return [sid for sid, identity in list(_identities.items()) if identity.user_id == user_id]


def language(sid: str) -> str:
    """The language a socket's error acks speak: a browser session's reader language (the chat
    page shows the message to them), English for a token, whose client is an integrator's
    script and reads the contract's English as the JSON API does."""
    identity = _identities.get(sid)
    return identity.language if identity is not None else "en"


@dataclass(frozen=True)
class Reader:
    """Who is on a socket, as the events that only read (join, leave, sync, typing, the read
    marker) and the access rechecks need them: read with the credential check, as columns.
    Profiled while 1,000 sockets joined a room, loading the ORM User for each event was a tenth
    of the server's CPU; the check itself stays on every event, so a credential that ended is
    refused at the very next one. Permissions ask it what they ask a User."""

    id: int
    username: str
    display_name: str
    is_admin: bool
    is_active: bool = True  # only active users are read
    is_authenticated: bool = True


def _credential_checks(who: Select) -> dict[str, Select]:
    """`who` (the user, or some of their columns), only while the account is active, and with a
    login session or token only while that credential lasts. Built once: every socket event runs
    one of these, and building a statement (and its cache key) cost as much CPU as running it."""
    active = who.where(User.id == bindparam("user_id"), User.active.is_(True))
    return {
        "user": active,
        "login_session": active.where(
            select(LoginSession.id).where(LoginSession.id == bindparam("login_session_id")).exists()
        ),
        "token": active.where(
            select(ApiToken.id)
            .where(ApiToken.id == bindparam("token_id"), ApiToken.revoked_at.is_(None))
            .exists()
        ),
    }


_USER_CHECKS = _credential_checks(select(User))
_READER_CHECKS = _credential_checks(
    select(User.id, User.username, User.display_name, User.is_admin)
)


def _checked(sid: str, checks: dict[str, Select], run: Callable[[Select, dict], Any]) -> Any:
    """What `run` answers for the check of `sid`'s credential (one query); Unauthorized when the
    socket is unknown or its credential ended."""
    identity = _identities.get(sid)
    if identity is None:
        raise Unauthorized(_l("Not connected."))
    params: dict[str, Any] = {"user_id": identity.user_id}
    if identity.login_session_id is not None:
        kind, params["login_session_id"] = "login_session", identity.login_session_id
    elif identity.token_id is not None:
        kind, params["token_id"] = "token", identity.token_id
    else:
        kind = "user"
    found = run(checks[kind], params)
    if found is None:
        raise Unauthorized(_l("Your sign-in has ended."))
    return found


def user_for(sid: str) -> User:
    """The user behind `sid`, if their credential is still valid; else Unauthorized. For the
    events that write (a message's author is the User)."""
    return _checked(sid, _USER_CHECKS, db.session.scalar)


def reader_for(sid: str) -> Reader:
    """`user_for` as a Reader: the same check, one query of columns, no ORM object."""
    return Reader(*_checked(sid, _READER_CHECKS, read_row))
