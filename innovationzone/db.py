"""Database plumbing every feature shares: timestamps, SQLite pragmas and write transactions.

SQLite under eventlet loses updates unless writers start with BEGIN IMMEDIATE and are
serialised inside the process: a deferred transaction that later upgrades to a write lock
fails with "database is locked" (or, with a retry, writes a stale read back). PostgreSQL
needs neither; there, features lock rows with SELECT ... FOR UPDATE where they read-modify-write.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import CursorResult, Delete, Dialect, Engine, Select, Update, event
from sqlalchemy.exc import DBAPIError, InterfaceError, InvalidatePoolError, OperationalError
from sqlalchemy.orm import Session

from innovationzone.asyncmode import eventlet_patched, run_blocking
from innovationzone.extensions import db

_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("iz_immediate", default=False)
_WRITING = "iz_writing"
# Created at import: under `serve` eventlet has patched threading first, so this is a green lock.
_sqlite_writer = threading.RLock()
# A pooled PostgreSQL connection idle for longer than this is asked whether it still lives.
PING_AFTER_IDLE = 1.0  # seconds
_IDLE_SINCE = "iz_idle_since"


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


def install_postgres_ping(engine: Engine) -> None:
    """Replace a pooled PostgreSQL connection that went away while it sat idle (a restart of the
    database, an idle timeout) before a request uses it, as `pool_pre_ping` did, but ask only a
    connection idle for more than PING_AFTER_IDLE seconds.

    Why: pre_ping sent a `SELECT 1` at every checkout, a round trip and ~0.3 ms of psycopg's CPU
    per request and per drain (measured, December 2026), for connections that had answered a
    moment before. One that died within that moment fails its first statement instead: that
    request answers 503 (error_handlers) and SQLAlchemy invalidates every connection the pool
    made before it, so the next requests connect anew."""
    if engine.dialect.name != "postgresql":
        return
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:  # DB-API and pool objects
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_IDLE_SINCE)  # None: connected just now
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise InvalidatePoolError() from error  # the pool connects anew and retries
            raise


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

    expire=False keeps loaded objects loaded across the commits (SQLite's of the read snapshot,
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
    sqlite = is_sqlite()
    continued = not sqlite and session.in_transaction()
    if continued:
        # PostgreSQL reads in READ COMMITTED: each statement already sees the latest committed
        # rows, so the write goes on in the request's read transaction. Committing it and
        # beginning again cost two round trips (COMMIT, BEGIN) and the pool's checkin and
        # checkout between them, on every write of the app. Loaded objects expire as that
        # commit would have expired them.
        if session.expire_on_commit:
            session.expire_all()
    elif session.in_transaction():
        # SQLite: end the read snapshot, so the write sees the latest committed rows.
        session.commit()
    lock = _sqlite_writer if sqlite else None
    if lock:
        lock.acquire()
    token = _immediate.set(True)
    session.info[_WRITING] = True
    try:
        with _committed(session, begin=not continued):
            yield session
    finally:
        session.info.pop(_WRITING, None)
        _immediate.reset(token)
        if lock:
            lock.release()


@contextmanager
def _committed(session: Session, *, begin: bool) -> Iterator[None]:
    """Commit what the block did, or roll back on any exception; in a new transaction when
    `begin`, else in the one the session is in."""
    if begin:
        with session.begin():
            yield
        return
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    session.commit()


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


class DriverRow(tuple[Any, ...]):
    """A row `read_row` answers: by position like a tuple, by column name like a SQLAlchemy Row."""

    __slots__ = ()
    positions: ClassVar[Mapping[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self.positions[name]]
        except KeyError:
            raise AttributeError(name) from None


class _Prepared:
    """A statement compiled once for a dialect: its SQL text, how its parameters are passed and
    how its columns come back (the conversions SQLAlchemy's result would apply)."""

    def __init__(self, statement: Select, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.compiled, self.sql = compiled, compiled.string
        self.order = compiled.positiontup if compiled.positional else None
        binds = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()
        }
        self.binds = {name: process for name, process in binds.items() if process is not None}
        self.types = [column.type.dialect_impl(dialect) for column in statement.selected_columns]
        self.row = type(
            "DriverRow",
            (DriverRow,),
            {
                "__slots__": (),
                "positions": {key: i for i, key in enumerate(statement.selected_columns.keys())},
            },
        )
        self.results: list[tuple[int, Callable[[Any], Any]]] | None = None

    def parameters(self, params: Mapping[str, Any]) -> Any:
        values = self.compiled.construct_params(params)
        for name, process in self.binds.items():
            values[name] = process(values[name])
        return values if self.order is None else [values[name] for name in self.order]

    def convert(self, row: tuple, cursor: Any, dialect: Dialect) -> DriverRow:
        if self.results is None:  # the driver's type codes are known once it has answered
            codes = [entry[1] for entry in cursor.description]
            processors = [
                t.result_processor(dialect, c) for t, c in zip(self.types, codes, strict=True)
            ]
            self.results = [(i, p) for i, p in enumerate(processors) if p is not None]
        if not self.results:
            return self.row(row)
        values = list(row)
        for i, process in self.results:
            values[i] = process(values[i])
        return self.row(values)


_prepared: dict[tuple[Select, str, str, str], _Prepared] = {}


def read_row(statement: Select, params: Mapping[str, Any]) -> DriverRow | None:
    """The first row of a read, run on a pooled connection's DB-API driver connection.

    Why: a cached wiki page view is one statement, and SQLAlchemy's Connection, execution
    context and Result around it cost ~70 us of CPU where the driver call costs ~10 (py-spy and
    in-process, December 2026). What SQLAlchemy gave is kept: the statement is compiled once per
    dialect with its bind and result conversions (datetimes, booleans), `before_cursor_execute`
    / `after_cursor_execute` listeners on the engine see it (with no Connection: None), a failed
    connect or statement raises SQLAlchemy's DBAPIError subclass (an unreachable database is
    a 503) and a lost connection is invalidated. One read needs no transaction: on PostgreSQL it
    runs in AUTOCOMMIT (BEGIN and ROLLBACK were two more round trips), and SQLite's driver
    connection runs it as its own read transaction (we issue BEGIN ourselves, see
    `install_sqlite_pragmas`, only for sessions).
    """
    engine = db.engine
    dialect = engine.dialect
    key = (statement, dialect.name, dialect.driver, dialect.paramstyle)
    prepared = _prepared.get(key) or _prepared.setdefault(key, _Prepared(statement, dialect))
    sql, values = prepared.sql, prepared.parameters(params)
    try:
        pooled = engine.raw_connection()
    except dialect.loaded_dbapi.Error as error:
        raise _mapped(
            engine, error, None, None, dialect.is_disconnect(error, None, None)
        ) from error
    driver, cursor, gone = pooled.dbapi_connection, None, False
    assert driver is not None  # just checked out: only an invalidated connection has none
    isolated = dialect.name != "sqlite"
    try:
        if isolated:
            dialect.set_isolation_level(driver, "AUTOCOMMIT")
        cursor = driver.cursor()
        for before in engine.dispatch.before_cursor_execute:
            sql, values = before(None, cursor, sql, values, None, False)
        cursor.execute(sql, values)
        for after in engine.dispatch.after_cursor_execute:
            after(None, cursor, sql, values, None, False)
        found = cursor.fetchone()
        row = None if found is None else prepared.convert(found, cursor, dialect)
        cursor.close()  # SQLite: ends the statement, and with it the read's snapshot
        return row
    except dialect.loaded_dbapi.Error as error:
        gone = dialect.is_disconnect(error, driver, cursor)
        if gone:
            pooled.invalidate(error)
        raise _mapped(engine, error, sql, values, gone) from error
    finally:
        if isolated and not gone:  # the next user of the connection gets it transactional
            dialect.reset_isolation_level(driver)
        pooled.close()


def _mapped(
    engine: Engine, error: Exception, sql: str | None, values: Any, gone: bool
) -> BaseException:
    """The driver's error as SQLAlchemy raises it (OperationalError for an unreachable
    database, which the error handlers answer with a 503)."""
    return DBAPIError.instance(
        sql,
        values,
        error,
        engine.dialect.loaded_dbapi.Error,
        hide_parameters=engine.hide_parameters,
        connection_invalidated=gone,
        dialect=engine.dialect,
    )
