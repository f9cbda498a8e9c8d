"""Login sessions and API tokens: the two credentials behind a request or a socket.

Both are random secrets of which only a SHA-256 is stored; ending either closes the
Socket.IO connections opened with it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.orm.attributes import instance_dict, instance_state, manager_of_class

from innovationzone import hooks, validation
from innovationzone.accounts.models import ApiToken, LoginSession, User
from innovationzone.db import DriverRow, read_row, utcnow, write_transaction
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.pagination import Page, keyset

TOKEN_PREFIX = "iz_"
CREDENTIAL_ENDED = "credential.ended"


def _close_sockets_after_commit(user_id: int) -> None:
    """Inside the write transaction that ends a credential of `user_id`: once committed, every
    process checks that user's sockets again and closes those whose credential ended (those on
    a credential that lasts stay open). `realtime` answers the hook: it sits above accounts."""
    hooks.call(CREDENTIAL_ENDED, user_id=user_id)


def digest(secret: str) -> str:
    """Secrets are stored only as SHA-256 digests: a leaked database holds no usable session key
    or token."""
    return hashlib.sha256(secret.encode()).hexdigest()


# Built once: these run on every request, and building a statement costs more than running it.
# The user is the only entity loaded; of the credential only the columns the checks need. An ORM
# credential object with the user joined-loaded cost about twice as much CPU per request.
_LOGIN_BY_KEY = (
    select(User, LoginSession.id)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.key_hash == bindparam("key_hash"))
)
_TOKEN_BY_SECRET = (
    select(User, ApiToken.id, ApiToken.revoked_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)

# A socket's connect needs only the ids: each of its events loads the user again.
_TOKEN_IDS_BY_SECRET = (
    select(ApiToken.user_id, ApiToken.id)
    .join(User, User.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )
)


# A view that needs a few columns of its own on every request (a wiki page view: the zone, the
# reader's role, versions, unread count) adds them to the credential's statement, so who is asking
# and what they ask for cost one round trip. These are Core statements (columns, no ORM entity),
# run straight on a pooled connection's driver (db.read_row): no ORM Session, no Result.
Fold = Callable[[Select], Select]
_USERS = User.__table__
_USER_KEYS = tuple(column.key for column in _USERS.c)
_LOGINS, _TOKENS = LoginSession.__table__, ApiToken.__table__
_FOLD_BASES = {
    "login": select(*_USERS.c, _LOGINS.c.id.label("credential_id"))
    .join(_LOGINS, _LOGINS.c.user_id == _USERS.c.id)
    .where(_LOGINS.c.key_hash == bindparam("key_hash")),
    "token": select(
        *_USERS.c, _TOKENS.c.id.label("credential_id"), _TOKENS.c.revoked_at.label("revoked_at")
    )
    .join(_TOKENS, _TOKENS.c.user_id == _USERS.c.id)
    .where(_TOKENS.c.token_hash == bindparam("token_hash")),
    "user": select(*_USERS.c).where(_USERS.c.id == bindparam("user_id")),
}
_folded: dict[tuple[str, Fold], Select] = {}
_NEW_USER = manager_of_class(User).new_instance
_USER_IDENTITY = User.__mapper__.identity_key_from_primary_key
_USER_ID = _USER_KEYS.index("id")


def _folded_statement(kind: str, fold: Fold) -> Select:
    """`fold` applied to a credential's (or the user's) base statement."""
    statement = _folded.get((kind, fold))
    if statement is None:  # built once per kind and fold: building costs more than running
        statement = _folded[kind, fold] = fold(_FOLD_BASES[kind])
    return statement


def _user_of(row: DriverRow) -> User:
    """The account as a detached User: every column loaded, its identity set, as if a session
    had loaded it and let go (it has no relationships to load later).

    What `make_transient_to_detached` does, less what a new, fully loaded instance never needs
    (no pending changes to commit, no unloaded attributes to expire): its identity key, from
    the id the row already holds, not read back through the mapper's attribute getters (that
    was ~1 % of a cached page view)."""
    user = _NEW_USER()  # filled as a load does (the constructor would record each as a change)
    instance_dict(user).update(zip(_USER_KEYS, row, strict=False))  # the first columns: the user's
    instance_state(user).key = _USER_IDENTITY((row[_USER_ID],))
    return user


class _Found(NamedTuple):
    """A credential as one of the lookups found it, before it is accepted: its account, its id,
    when it was revoked (a token; a login session ends by being deleted) and the row read."""

    user: User
    credential_id: int
    revoked_at: datetime | None
    row: Any


def _accepted(found: _Found | None, user_id: int | None = None) -> _Found | None:
    """The one place a credential is refused, whichever lookup found it (the plain ORM one of
    most requests, the folded Core one of a wiki page view): unknown (nothing found), a revoked
    token, a login session of another user than the cookie's (`user_id`), a deactivated
    account."""
    if found is None or found.revoked_at is not None or not found.user.active:
        return None
    if user_id is not None and found.user.id != user_id:
        return None
    return found


def _loaded(statement: Select, params: dict[str, Any]) -> _Found | None:
    """A plain lookup: (User, credential id[, revoked_at]) through the session, whose user is
    the one the request goes on with (attached: a change to it is saved)."""
    row = db.session.execute(statement, params).first()
    if row is None:
        return None
    return _Found(row[0], row[1], row[2] if len(row) > 2 else None, row)


def _read(kind: str, fold: Fold, params: dict[str, Any]) -> _Found | None:
    """A folded lookup: the user's columns, the credential's and the fold's, read on the driver
    connection; the user is built detached from them."""
    row = read_row(_folded_statement(kind, fold), params)
    if row is None:
        return None
    revoked_at = row.revoked_at if kind == "token" else None
    return _Found(_user_of(row), row.credential_id, revoked_at, row)


def start_login_session(user: User, user_agent: str = "") -> str:
    """Creates the server-side record of a sign-in and answers its key (kept only in the cookie);
    the record is what sign-out and 'end other sessions' delete."""
    key = secrets.token_urlsafe(32)
    with write_transaction() as session:
        session.add(
            LoginSession(key_hash=digest(key), user_id=user.id, user_agent=user_agent[:255])
        )
    return key


def user_for_login_session(user_id: int, key: str | None) -> tuple[User, int] | None:
    """The user and login session id a cookie names, in one indexed lookup, or None when the key
    is unknown, belongs to another user or the account is deactivated."""
    if not key:
        return None
    found = _accepted(_loaded(_LOGIN_BY_KEY, {"key_hash": digest(key)}), user_id)
    return (found.user, found.credential_id) if found else None


def folded_for_login_session(
    user_id: int, key: str | None, fold: Fold, params: dict[str, Any]
) -> tuple[User, int, DriverRow] | None:
    """`user_for_login_session`, with the columns `fold` adds read in the same statement: the
    user (detached), the login session's id and the whole row. The same refusals."""
    if not key:
        return None
    found = _accepted(_read("login", fold, {**params, "key_hash": digest(key)}), user_id)
    return (found.user, found.credential_id, found.row) if found else None


def end_login_session(key: str | None) -> None:
    """Deletes the login session and closes its sockets after commit, so a signed-out browser tab
    stops receiving live updates."""
    if not key:
        return
    with write_transaction() as session:
        login = session.scalar(select(LoginSession).where(LoginSession.key_hash == digest(key)))
        if login is not None:
            _close_sockets_after_commit(login.user_id)
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
    _close_sockets_after_commit(user.id)


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns the stored token and its secret, which is shown once and never again."""
    name = validation.text({"name": name}, "name", required=False, max_len=80)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction() as session:
        token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret))
        session.add(token)
    return token, secret


def user_for_token(secret: str) -> tuple[User, int] | None:
    """The token's owner and the token's id in one indexed lookup: it runs on every API
    request. None for an unknown or revoked token or a deactivated account."""
    found = _accepted(_loaded(_TOKEN_BY_SECRET, {"token_hash": digest(secret)}))
    return (found.user, found.credential_id) if found else None


def folded_for_token(
    secret: str, fold: Fold, params: dict[str, Any]
) -> tuple[User, int, DriverRow] | None:
    """`user_for_token`, with the columns `fold` adds read in the same statement: the owner
    (detached), the token's id and the whole row. The same refusals."""
    found = _accepted(_read("token", fold, {**params, "token_hash": digest(secret)}))
    return (found.user, found.credential_id, found.row) if found else None


def folded_for_user(user_id: int, fold: Fold, params: dict[str, Any]) -> DriverRow | None:
    """The columns `fold` adds, for a user this request already loaded (by id; the credential
    was checked when they were loaded)."""
    return read_row(_folded_statement("user", fold), {**params, "user_id": user_id})


def token_ids(secret: str) -> tuple[int, int] | None:
    """The owner's and the token's id for a token in force of an active account, else None: the
    same check as `user_for_token` without loading the user, which (py-spy, 1,000 sockets
    connecting) made up most of a connect's database work."""
    row = read_row(_TOKEN_IDS_BY_SECRET, {"token_hash": digest(secret)})
    return (row[0], row[1]) if row is not None else None


def tokens_page(user: User, *, limit: int, cursor: str | None) -> Page[ApiToken]:
    """The user's tokens still in force, newest first, a page at a time, for the profile page
    (never the secrets: only digests are kept). Every sign-in through the API makes a token,
    so a script's account may gather thousands."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    return keyset(query, (ApiToken.id,), limit=limit, cursor=cursor)


def revoke_token(user: User, token_id: int) -> None:
    """Ends one of the user's own tokens and closes its sockets after commit; someone else's
    token is as missing as an unknown one."""
    with write_transaction() as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user.id or token.revoked_at is not None:
            raise NotFound(_l("No such token."))
        token.revoked_at = utcnow()
        _close_sockets_after_commit(user.id)
