"""Which Socket.IO connections belong to which credential, so ending a credential closes them.

The disconnect goes through python-socketio's client manager, so with IZ_MESSAGE_QUEUE set
it reaches a socket held by another server process.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, or_, select

from innovationzone.accounts.models import SocketConnection
from innovationzone.db import write_transaction
from innovationzone.events import on_commit
from innovationzone.extensions import db, socketio

log = logging.getLogger(__name__)
NAMESPACES = ("/chat", "/wiki")  # a socket's sid is unique: only its own namespace knows it


def register(sid: str, user_id: int, login_session_id: int | None, token_id: int | None) -> None:
    """Records which user, login session and token a socket belongs to, so ending the session or
    revoking the token can close the socket."""
    with write_transaction(durable=False) as session:
        session.merge(
            SocketConnection(
                sid=sid, user_id=user_id, login_session_id=login_session_id, token_id=token_id
            )
        )


def unregister(sid: str) -> None:
    """Forgets a closed socket, so a later revocation does not try to close it."""
    with write_transaction(durable=False) as session:
        session.execute(delete(SocketConnection).where(SocketConnection.sid == sid))


def forget_all() -> None:
    """On start of a single embedded process no earlier connection can still be open."""
    with write_transaction(durable=False) as session:
        session.execute(delete(SocketConnection))


def close_after_commit(
    *,
    user_id: int | None = None,
    login_session_id: int | None = None,
    token_id: int | None = None,
    keep_login_session_id: int | None = None,
    keep_token_id: int | None = None,
) -> None:
    """Call inside the write transaction that ends the credential (all but the kept ones')."""
    query = select(SocketConnection.sid)
    if user_id is not None:
        query = query.where(SocketConnection.user_id == user_id)
    for column, kept in (
        (SocketConnection.login_session_id, keep_login_session_id),
        (SocketConnection.token_id, keep_token_id),
    ):
        if kept is not None:
            query = query.where(or_(column.is_(None), column != kept))
    if login_session_id is not None:
        query = query.where(SocketConnection.login_session_id == login_session_id)
    if token_id is not None:
        query = query.where(SocketConnection.token_id == token_id)
    sids = list(db.session.scalars(query))
    if sids:
        on_commit(lambda: _disconnect(sids))


def _disconnect(sids: list[str]) -> None:
    server = getattr(socketio, "server", None)
    if server is None:
        return
    for sid in sids:
        for namespace in NAMESPACES:
            try:
                server.disconnect(sid, namespace=namespace)
            except Exception:  # already gone
                log.debug("socket %s already closed", sid)
