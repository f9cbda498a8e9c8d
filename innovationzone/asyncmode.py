"""The one place that knows whether we run on eventlet or threads.

Application code sleeps and spawns through Flask-SocketIO, so the mode stays one setting; the
only other difference is how blocking calls get off the eventlet hub: C calls (argon2, an fsync)
go to eventlet's thread pool, waits for a worker process through the hub, and under threads
both simply block their own thread.
"""

from __future__ import annotations

import selectors
import sys
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def silence_eventlet_deprecation() -> None:
    """eventlet warns on import with a class of its own; under `-W error` that would crash us."""
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")


def eventlet_patched() -> bool:
    """Whether eventlet has monkey-patched this process (asked without importing eventlet, which
    would warn)."""
    if "eventlet" not in sys.modules:  # never import it just to ask: importing warns
        return False
    from eventlet import patcher

    return patcher.is_monkey_patched("socket")


class Tasks:
    """The background tasks of one kind started in this process and not yet finished, so that
    whatever tears down what they use (a test's end, closing the database) can wait for them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._idle = threading.Event()  # set while none runs
        self._idle.set()

    def started(self) -> None:
        """One more: called before the task is spawned, so a wait cannot miss it."""
        with self._lock:
            self._count += 1
            self._idle.clear()

    def finished(self) -> None:
        """One fewer: called by the task as it ends, however it ends."""
        with self._lock:
            self._count -= 1
            if not self._count:
                self._idle.set()

    def wait(self, timeout: float) -> bool:
        """Until none runs; False when some still did after `timeout` seconds."""
        return self._idle.wait(timeout)


def run_blocking(fn: Callable[..., T], *args: object) -> T:
    """Run `fn` where it cannot stall other users: a real OS thread under eventlet."""
    if eventlet_patched():
        from eventlet import tpool

        return tpool.execute(fn, *args)
    return fn(*args)


def postgres_waits_yield() -> None:
    """Make psycopg's waits for PostgreSQL yield to the eventlet hub (call once eventlet patched).

    Why: psycopg 3 waits for each answer in C (`wait_c`), which eventlet cannot patch; it
    switches to a patchable wait only under gevent. Under `serve` every round trip (a BEGIN, a
    SELECT, a COMMIT waiting for the WAL flush) then stopped every socket of the process: a
    save's ~40 round trips were ~40 stalls during which 3 other writers could not run (measured:
    no other green thread ran during a 0.5 s `pg_sleep`). psycopg's own `wait_select` calls
    `select.select`, which eventlet has patched, so the wait becomes a green one. Harmless if
    psycopg is not installed (SQLite only). Called by create_app on PostgreSQL."""
    if not eventlet_patched():
        return
    try:
        from psycopg import waiting
    except ImportError:
        return
    waiting.wait = waiting.wait_select  # looked up per wait by psycopg's Connection.wait


def wait_readable(fileno: int, timeout: float) -> bool:
    """Whether `fileno` has something to read within `timeout` seconds. Under eventlet the wait
    yields to the hub, so other users are served meanwhile (a render waiting on its worker)."""
    if eventlet_patched():
        from eventlet.green import select

        return bool(select.select([fileno], [], [], timeout)[0])
    with selectors.DefaultSelector() as selector:  # any descriptor number, unlike select()
        selector.register(fileno, selectors.EVENT_READ)
        return bool(selector.select(timeout))
