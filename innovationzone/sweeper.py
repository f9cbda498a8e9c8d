"""The periodic duties: tell owners whose reviews fell due, escalate unanswered questions.

Both are idempotent (each claims its rows with a conditional UPDATE), so it is safe to run them
from a background green thread in every server process *and* on demand when someone opens a
queue: whoever runs first does the work, the others find nothing left to do.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app

from innovationzone import hooks
from innovationzone.extensions import db, socketio

log = logging.getLogger(__name__)
ON_DEMAND_EVERY = 60.0  # seconds between on-demand sweeps in one process
BACKGROUND_EVERY = 300.0
_last = {"at": 0.0}


def sweep() -> list:
    """Runs every periodic duty now; answers what each did. The features register their duty
    with `hooks.register("sweep")`: the sweeper sits below them and imports none."""
    return hooks.call("sweep")


def maybe_sweep() -> None:
    """On demand (a queue is read): at most once a minute per process, and never an error for
    the reader — the background loop and the next reader try again."""
    now = time.monotonic()
    if now - _last["at"] < ON_DEMAND_EVERY and not current_app.config.get("SWEEP_ALWAYS"):
        return
    _last["at"] = now
    try:
        sweep()
    except Exception:
        db.session.rollback()
        log.exception("due-date sweep failed; it runs again later")


def start(app: Flask) -> None:
    """Starts the background loop (called by `serve`)."""
    socketio.start_background_task(_loop, app)


def _loop(app: Flask) -> None:
    while True:
        socketio.sleep(BACKGROUND_EVERY)
        with app.app_context():
            try:
                sweep()
            except Exception:
                log.exception("due-date sweep failed; it runs again later")
            finally:
                db.session.remove()
