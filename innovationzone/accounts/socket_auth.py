"""Who is on a socket: checked at connect and again on every event.

A socket lives long; the credential behind it (login session or token) may end meanwhile, and
a client-sent username is never trusted. Sticky sessions keep a socket's events on the process
that holds it, so the per-sid identity lives in this process's memory, not in the database:
ending a credential asks every process to check its own sockets again (the `credential.ended`
hook, answered by `realtime`), so no process needs to know another's sockets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from socketio.exceptions import ConnectionRefusedError
from sqlalchemy import bindparam, select

from innovationzone.accounts import credential_services
from innovationzone.accounts.models import ApiToken, LoginSession, User
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


# Built once: every socket event runs one of these, and building the statement (and its cache
# key) cost as much CPU as running it. The user, only while active and while the credential lasts.
_ACTIVE_USER = select(User).where(User.id == bindparam("user_id"), User.active.is_(True))
_WITH_LOGIN = _ACTIVE_USER.where(
    select(LoginSession.id).where(LoginSession.id == bindparam("login_session_id")).exists()
)
_WITH_TOKEN = _ACTIVE_USER.where(
    select(ApiToken.id)
    .where(ApiToken.id == bindparam("token_id"), ApiToken.revoked_at.is_(None))
    .exists()
)


def user_for(sid: str) -> User:
    """The user behind `sid`, if their credential is still valid; else Unauthorized."""
    identity = _identities.get(sid)
    if identity is None:
        raise Unauthorized(_l("Not connected."))
    # One query on every event.
    if identity.login_session_id is not None:
        user = db.session.scalar(
            _WITH_LOGIN,
            {"user_id": identity.user_id, "login_session_id": identity.login_session_id},
        )
    elif identity.token_id is not None:
        user = db.session.scalar(
            _WITH_TOKEN, {"user_id": identity.user_id, "token_id": identity.token_id}
        )
    else:
        user = db.session.scalar(_ACTIVE_USER, {"user_id": identity.user_id})
    if user is None:
        raise Unauthorized(_l("Your sign-in has ended."))
    return user
