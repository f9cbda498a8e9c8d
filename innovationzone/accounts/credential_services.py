"""Login sessions and API tokens: the two credentials behind a request or a socket.

Both are random secrets of which only a SHA-256 is stored; ending either closes the
Socket.IO connections opened with it.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from innovationzone import validation
from innovationzone.accounts import connection_services
from innovationzone.accounts.models import ApiToken, LoginSession, User
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import NotFound
from innovationzone.extensions import db

TOKEN_PREFIX = "iz_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# Built once: these run on every request, and building a statement costs more than running it.
_LOGIN_BY_KEY = (
    select(LoginSession)
    .options(joinedload(LoginSession.user))
    .where(LoginSession.key_hash == bindparam("key_hash"))
)
_TOKEN_BY_SECRET = (
    select(ApiToken)
    .options(joinedload(ApiToken.user))
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def start_login_session(user: User, user_agent: str = "") -> str:
    key = secrets.token_urlsafe(32)
    with write_transaction() as session:
        session.add(
            LoginSession(key_hash=digest(key), user_id=user.id, user_agent=user_agent[:255])
        )
    return key


def user_for_login_session(user_id: int, key: str | None) -> tuple[User, LoginSession] | None:
    if not key:
        return None
    login = db.session.scalar(_LOGIN_BY_KEY, {"key_hash": digest(key)})
    if login is None or login.user_id != user_id or not login.user.active:
        return None
    return login.user, login


def end_login_session(key: str | None) -> None:
    if not key:
        return
    with write_transaction() as session:
        login = session.scalar(select(LoginSession).where(LoginSession.key_hash == digest(key)))
        if login is not None:
            connection_services.close_after_commit(login_session_id=login.id)
            session.delete(login)


def end_all_but(
    user: User, *, login_session_id: int | None = None, token_id: int | None = None
) -> None:
    """Inside a write transaction: every login session and API token of `user` ends, with its
    sockets, except the one named (the credential asking for it, e.g. a password change)."""
    sessions = delete(LoginSession).where(LoginSession.user_id == user.id)
    if login_session_id is not None:
        sessions = sessions.where(LoginSession.id != login_session_id)
    db.session.execute(sessions)
    tokens = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        tokens = tokens.where(ApiToken.id != token_id)
    db.session.execute(tokens.values(revoked_at=utcnow()))
    connection_services.close_after_commit(
        user_id=user.id, keep_login_session_id=login_session_id, keep_token_id=token_id
    )


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the stored token and its secret, which is shown once and never again."""
    name = validation.text({"name": name}, "name", required=False, max_len=80)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction() as session:
        token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret))
        session.add(token)
    return token, secret


def user_for_token(secret: str) -> tuple[User, ApiToken] | None:
    """The token's owner in one indexed lookup (the user comes in the same query): it runs on
    every API request."""
    token = db.session.scalar(_TOKEN_BY_SECRET, {"token_hash": digest(secret)})
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token.user, token


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> None:
    with write_transaction() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id or token.revoked_at is not None:
            raise NotFound("No such token.")
        token.revoked_at = utcnow()
        connection_services.close_after_commit(token_id=token.id)
