"""Work that must only happen once data is committed: socket emits, indexing, notifications.

A chat ack or a broadcast before the commit would announce data that a rollback then loses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from innovationzone.extensions import db

log = logging.getLogger(__name__)
_KEY = "iz_after_commit"


def on_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after the current transaction commits; drop it if it rolls back."""
    db.session.info.setdefault(_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    callbacks = session.info.pop(_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # one failing side effect must not hide the others or the commit
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
