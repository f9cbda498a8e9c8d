"""Database plumbing every feature shares: timestamps, SQLite pragmas and write transactions.

SQLite under eventlet loses updates unless writers start with BEGIN IMMEDIATE and are
serialised inside the process: a deferred transaction that later upgrades to a write lock
fails with "database is locked" (or, with a retry, writes a stale read back). PostgreSQL
needs neither; there, features lock rows with SELECT ... FOR UPDATE where they read-modify-write.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Engine, Executable, Row, Update, event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from innovationzone.asyncmode import eventlet_patched, run_blocking
from innovationzone.extensions import db

_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("iz_immediate", default=False)
_WRITING = "iz_writing"
# Created at import: under `serve` eventlet has patched threading first, so this is a green lock.
_sqlite_writer = threading.RLock()


def utcnow() -> datetime:
    """Naive UTC, stored the same way on SQLite and PostgreSQL; pass the function as a default."""
    return datetime.now(UTC).replace(tzinfo=None)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, as the contract promises."""
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def is_sqlite(engine: Engine | None = None) -> bool:
    """Whether the app runs on SQLite, where writes are serialised in-process and some SQL
    differs."""
    return (engine or db.engine).dialect.name == "sqlite"


def install_sqlite_pragmas(engine: Engine) -> None:
    """WAL so readers never wait for the writer; FULL sync so an acknowledged commit survives power loss."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # DB-API objects
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "busy_timeout=10000",
            "foreign_keys=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:  # a Connection; its DB-API connection below
        if _immediate.get():
            # Through SQLAlchemy: a writer that waits past busy_timeout gets its OperationalError,
            # which the error handlers answer with a 503.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # Straight to the driver: a deferred BEGIN takes no lock and does not fail, and
            # SQLAlchemy's statement machinery around it cost ~3 % of a cached page view's CPU.
            conn.connection.driver_connection.execute("BEGIN")

    if eventlet_patched() and engine.url.database not in (None, "", ":memory:"):
        _commit_off_the_hub(engine)


def _commit_off_the_hub(engine: Engine) -> None:
    """A durable SQLite commit waits for an fsync, and under eventlet a blocking C call stops
    every socket of the process for as long: profiled, the commit of each chat message was the
    biggest single stall of a busy room. So such a commit runs on a real thread while the hub
    serves others; the writer still waits for it (the ack still means "on disk"), and the
    connection is this writer's alone meanwhile (file databases allow other threads).
    Reads commit nothing to disk: a thread hop would cost more.
    """
    plain = engine.dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:  # a DB-API connection
        if _immediate.get():
            run_blocking(plain, dbapi_connection)
        else:
            plain(dbapi_connection)

    engine.dialect.do_commit = do_commit  # type: ignore[method-assign]  # this engine's commit only


@contextmanager
def write_transaction(*, expire: bool = True) -> Iterator[Session]:
    """One atomic write: commit on success, roll back on any exception.

    Nested use on the same session joins the outer transaction; another session (an
    after-commit callback in a fresh app context) gets a transaction of its own. Views and
    handlers never commit; services do, through this.

    expire=False keeps loaded objects loaded across both commits (ending the read snapshot,
    and the write's own) instead of reloading each one on its next use: only for a hot path
    whose writer re-reads with populate_existing what it read-modify-writes and otherwise
    uses what it loaded only as it was (chat sends: the sender, the room, the new message).
    """
    session = db.session()  # the request's own Session behind the scoped proxy
    if session.info.get(_WRITING):
        yield session
        return
    expiring, session.expire_on_commit = (
        session.expire_on_commit,
        expire and session.expire_on_commit,
    )
    try:
        with _writing(session):
            yield session
    finally:
        session.expire_on_commit = expiring


@contextmanager
def _writing(session: Session) -> Iterator[Session]:
    # End the read snapshot a request may hold, so the write sees the latest committed rows.
    if session.in_transaction():
        session.commit()
    lock = _sqlite_writer if is_sqlite() else None
    if lock:
        lock.acquire()
    token = _immediate.set(True)
    session.info[_WRITING] = True
    try:
        with session.begin():
            yield session
    finally:
        session.info.pop(_WRITING, None)
        _immediate.reset(token)
        if lock:
            lock.release()


def read_row(statement: Executable, params: dict[str, Any]) -> Row | None:
    """The first row of a statement of plain columns (no ORM entities), run on the session's
    connection, in its transaction. A socket's connect and join run such small reads, and going
    through the session's ORM execution layer made each cost about 150 microseconds of CPU
    instead of 105 (a transaction's first statement; 90 instead of 45 after it); this skips
    that layer, nothing else: same connection, same transaction, same engine events."""
    return db.session.connection().execute(statement, params).first()


def rows_changed(session: Session, statement: Update | Delete) -> int:
    """Runs an UPDATE or DELETE and answers how many rows it changed. A claim (an UPDATE whose
    WHERE still holds only for the first taker) won when this is 1, so two processes sweeping
    at once never both act on one row."""
    result = cast(CursorResult[Any], session.execute(statement))  # what DML answers
    return result.rowcount or 0


def discard_failed_transaction() -> None:
    """After the database went away mid-request: drop the session's transaction without letting
    a second connection error escape (the pool has already invalidated the connection)."""
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        pass
