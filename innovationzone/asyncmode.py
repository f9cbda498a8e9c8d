"""The one place that knows whether we run on eventlet or threads.

Application code sleeps and spawns through Flask-SocketIO, so the mode stays one setting; the
only other difference is how blocking calls get off the eventlet hub: C calls (argon2, an fsync)
go to eventlet's thread pool, waits for a worker process through the hub, and under threads
both simply block their own thread.
"""

from __future__ import annotations

import selectors
import sys
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


def run_blocking(fn: Callable[..., T], *args: object) -> T:
    """Run `fn` where it cannot stall other users: a real OS thread under eventlet."""
    if eventlet_patched():
        from eventlet import tpool

        return tpool.execute(fn, *args)
    return fn(*args)


def wait_readable(fileno: int, timeout: float) -> bool:
    """Whether `fileno` has something to read within `timeout` seconds. Under eventlet the wait
    yields to the hub, so other users are served meanwhile (a render waiting on its worker)."""
    if eventlet_patched():
        from eventlet.green import select

        return bool(select.select([fileno], [], [], timeout)[0])
    with selectors.DefaultSelector() as selector:  # any descriptor number, unlike select()
        selector.register(fileno, selectors.EVENT_READ)
        return bool(selector.select(timeout))
