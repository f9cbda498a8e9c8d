"""The one writer to the search engine: drains the outbox after commit, and rebuilds on demand.

Features call `queue(type, id)` inside the write transaction that changes the object; after the
commit a background task (or, when SEARCH_SYNC is set, the committing request itself) loads the
document from its source and writes it to the engine. After a quiet spell the task starts
at once: a save is searchable as soon as one index commit allows. In a busy spell (a chat room
at 20 messages a second) drains start at most every SEARCH_BATCH_SECONDS (default 0.5):
profiled, an index commit per message cost more than the rest of indexing it, and one commit
for half a second's messages costs about as much as one for a single message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import delete, insert, literal, select

from innovationzone.db import rows_changed, write_transaction
from innovationzone.events import on_commit
from innovationzone.extensions import current_app_object, db, socketio
from innovationzone.search.backend import Backend, get_backend
from innovationzone.search.documents import PreparedBatch, SearchDocument, source, sources
from innovationzone.search.models import SearchOutbox

log = logging.getLogger(__name__)
BATCH = 200
_draining = threading.Lock()
_pending = threading.Event()
_scheduled = threading.Event()


def queue(type_: str, object_id: int) -> None:
    """Call inside the write transaction that created, changed or deleted the object."""
    db.session.add(SearchOutbox(type=type_, object_id=object_id))
    _drain_after_commit()


def queue_where(type_: str, id_column: Any, *where: Any) -> None:
    """`queue` for every id of `id_column` where the conditions hold, in one INSERT ... SELECT
    inside the caller's write transaction (a renamed or deleted room's messages: thousands of
    them, none loaded into Python)."""
    ids = select(literal(type_), id_column).where(*where)
    db.session.execute(insert(SearchOutbox).from_select(["type", "object_id"], ids))
    _drain_after_commit()


def _drain_after_commit() -> None:
    app = current_app_object()
    if app.config.get("SEARCH_SYNC"):
        on_commit(lambda: drain(app))
    else:
        on_commit(lambda: _schedule(app))


_last_start = 0.0  # time.monotonic() when the latest scheduled drain began


def _schedule(app: Flask) -> None:
    if not _scheduled.is_set():  # one waiting drain covers every change until it starts
        _scheduled.set()
        socketio.start_background_task(_drain_soon, app)


def _drain_soon(app: Flask) -> None:
    global _last_start
    wait = _last_start + app.config.get("SEARCH_BATCH_SECONDS", 0.5) - time.monotonic()
    if wait > 0:
        socketio.sleep(wait)  # changes queued meanwhile join this drain, not one each
    _last_start = time.monotonic()
    _scheduled.clear()
    drain(app)


def drain(app: Flask) -> int:
    """Index everything waiting in the outbox; answers how many objects were refreshed."""
    _pending.set()
    done = 0
    # Round again after releasing: a drain that asked while this one was finishing found the
    # lock taken and left its rows to us.
    while _pending.is_set():
        if not _draining.acquire(blocking=False):
            return done  # the running drain sees _pending and goes round once more
        try:
            with app.app_context():
                while _pending.is_set():
                    _pending.clear()
                    full = True
                    while full:
                        rows = db.session.scalars(
                            select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH)
                        ).all()
                        if rows:
                            done += _index_rows(list(rows))
                        # A short batch was all that was committed when it was read; a row
                        # committed since comes with a drain() of its own, which set _pending.
                        # Asking again anyway cost PostgreSQL three round trips per drain
                        # (BEGIN, the empty SELECT, the ROLLBACK).
                        full = len(rows) == BATCH
                db.session.remove()
        except Exception:
            log.exception("search indexing failed; the outbox keeps the rest for the next drain")
            return done
        finally:
            _draining.release()
    return done


def _index_rows(rows: list[SearchOutbox]) -> int:
    """Index the objects of these outbox rows and delete the rows. The documents are loaded
    and analysed before the write transaction, so on SQLite the one writer lock (which every
    chat send waits for) covers only the index writes and the outbox delete.

    Loaded before the lock, two drains (in two processes) could cross: the other one loads a
    newer version and writes it first, then this one writes its older one. A drain always
    takes the oldest outbox rows, so the other drain's batch held these rows too and deleted
    them: when the delete finds fewer rows than it was given, this drain loads again under
    the lock, which sees every committed change."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.type, set()).add(row.object_id)
    ids = [r.id for r in rows]
    backend = get_backend()
    batch, gone = _load(backend, wanted)
    with write_transaction() as session:
        if rows_changed(session, delete(SearchOutbox).where(SearchOutbox.id.in_(ids))) < len(ids):
            batch, gone = _load(backend, wanted)
        backend.write(batch, gone)
    return len(batch.documents) + len(gone)


def _load(backend: Backend, wanted: dict[str, set[int]]) -> tuple[PreparedBatch, list[str]]:
    """The batch's documents, a few queries per type, prepared for the engine; and the keys
    of the objects that must no longer be found."""
    documents: list[SearchDocument] = []
    gone: list[str] = []
    for type_, object_ids in wanted.items():
        src = source(type_)
        found = src.load_many(sorted(object_ids)) if src else {}
        documents.extend(found.values())
        gone.extend(f"{type_}:{i}" for i in object_ids if i not in found)
    return backend.prepare(documents), gone


def reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database; `progress(n)` is told every batch."""
    backend = get_backend()
    with write_transaction():
        backend.clear()
    total = 0
    for src in sources():
        batch = []
        for document in src.load_all():
            batch.append(document)
            if len(batch) >= BATCH:
                total += _write_batch(backend, batch, progress)
                batch = []
        total += _write_batch(backend, batch, progress)
    optimize(backend)
    return total


def optimize(backend: Backend) -> None:
    """After a bulk load, which leaves the index in many pieces: merge them (refresh the
    statistics), a step per write transaction so saves get the writer lock in between."""
    more = True
    while more:
        with write_transaction():
            more = backend.optimize()


def _write_batch(
    backend: Backend, batch: list[SearchDocument], progress: Callable[[int], None] | None
) -> int:
    if batch:
        with write_transaction():
            backend.upsert(batch)
        if progress:
            progress(len(batch))
    return len(batch)


def reindex_total() -> int:
    """How many documents a full reindex will write, so the command line can show progress."""
    return sum(src.count_all() for src in sources())
