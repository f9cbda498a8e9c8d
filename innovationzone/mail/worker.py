"""The one sender: drains the outbox in a background (green) thread, never in a request.

Woken after each commit that queued mail and once when the server starts (what a crash or an
SMTP outage left behind). It runs while anything is due or waiting for a retry, then ends; the
next wake starts it again. Each row is claimed with a conditional UPDATE before it is sent, so
two processes never send the same mail, and a process dying mid-send leaves the row to be
retried after the claim lapses (a mail may then arrive twice; it is never lost).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import ColumnElement, func, select, update

from innovationzone.db import rows_changed, utcnow, write_transaction
from innovationzone.extensions import db, socketio
from innovationzone.mail import sender
from innovationzone.mail.models import OutboxMail

log = logging.getLogger(__name__)
CLAIM = timedelta(minutes=5)  # a claimed row is free again after this (its process died)
LONGEST_WAIT = 3600.0
BATCH = 50


class _State:
    """Per application (tests run many apps in one process; a server runs one)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.idle = threading.Event()  # set while no worker runs: a clean stop awaits it
        self.idle.set()
        self.running = False
        self.stopping = False  # stop(): no new drain, the running one ends

    def stop_running(self) -> None:
        self.running = False
        self.idle.set()


def _state(app: Flask) -> _State:
    return app.extensions.setdefault("iz_mail_worker", _State())


def wake(app: Flask) -> None:
    """Ask for a drain soon; starts the worker unless it is running (it then rounds again)."""
    state = _state(app)
    with state.lock:
        state.wanted.set()
        if state.running or state.stopping:
            return
        state.running = True
        state.idle.clear()
    socketio.start_background_task(_run, app, state)


def _run(app: Flask, state: _State) -> None:
    try:
        while True:
            state.wanted.clear()
            with app.app_context():
                try:
                    drain(app)
                    wait = _seconds_to_next_due()
                except Exception:
                    log.exception("mail outbox drain failed; trying again in a minute")
                    wait = 60.0
                finally:
                    db.session.remove()
            with state.lock:
                if state.stopping or (wait is None and not state.wanted.is_set()):
                    state.stop_running()
                    return
            state.wanted.wait(min(wait or 0.0, LONGEST_WAIT))
    except BaseException:
        with state.lock:
            state.stop_running()
        raise


@contextmanager
def in_this_thread(app: Flask) -> Iterator[None]:
    """For the command line: mail queued inside is sent by the caller's own drain(), with no
    background worker started beside it (it would find the rows claimed and wait for them)."""
    state = _state(app)
    with state.lock:
        borrowed = not state.running
        state.running = True
    try:
        yield
    finally:
        if borrowed:
            with state.lock:
                state.stop_running()


def stop(app: Flask, timeout: float) -> bool:
    """End the worker after its current drain and wait for it: an app being torn down (a test's
    end) must not leave it waiting to retry on a database about to be emptied. What it has not
    sent stays in the outbox for the next start, as after a crash."""
    state = _state(app)
    with state.lock:
        state.stopping = True
        state.wanted.set()  # cut a wait for the next retry short
    return state.idle.wait(timeout)


def wait_idle(app: Flask, timeout: float) -> bool:
    """Until the worker has nothing left to do (before closing the database under it)."""
    return _state(app).idle.wait(timeout)


def _unsent() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Rows still to send: not sent, and not given up on."""
    limit = current_app.config.get("MAIL_MAX_ATTEMPTS", 12)
    return OutboxMail.sent_at.is_(None), OutboxMail.attempts < limit


def _seconds_to_next_due() -> float | None:
    """None when nothing is left to send (or retry)."""
    next_at = db.session.scalar(select(func.min(OutboxMail.next_attempt_at)).where(*_unsent()))
    if next_at is None:
        return None
    return max(0.0, (next_at - utcnow()).total_seconds()) + 0.05


def drain(app: Flask) -> int:
    """Send every due mail once; answers how many were sent. A failure schedules a retry."""
    url = app.config.get("IZ_SMTP_URL")
    if not url:
        return 0
    sent = 0
    while True:
        due = list(
            db.session.scalars(
                select(OutboxMail)
                .where(*_unsent(), OutboxMail.next_attempt_at <= utcnow())
                .order_by(OutboxMail.id)
                .limit(BATCH)
            )
        )
        db.session.rollback()  # end the read: each claim and each result is its own write
        if not due:
            return sent
        for mail in due:
            if _claim(mail.id, mail.next_attempt_at):
                sent += _send(app, url, mail)


def _claim(mail_id: int, seen: datetime) -> bool:
    with write_transaction() as session:
        claimed = rows_changed(
            session,
            update(OutboxMail)
            .where(
                OutboxMail.id == mail_id,
                OutboxMail.sent_at.is_(None),
                OutboxMail.next_attempt_at == seen,
            )
            .values(next_attempt_at=utcnow() + CLAIM, attempts=OutboxMail.attempts + 1),
        )
    return claimed == 1


def _send(app: Flask, url: str, mail: OutboxMail) -> int:
    db.session.refresh(mail)  # as claimed: the attempt count the retry delay grows with
    try:
        sender.send(url, sender.message(mail, app.config["IZ_MAIL_FROM"]))
    except Exception as error:  # noqa: BLE001 - any failure: keep the mail and retry later
        base = app.config.get("MAIL_RETRY_SECONDS", 30.0)
        delay = min(base * 2 ** (mail.attempts - 1), LONGEST_WAIT)
        log.warning(
            "mail %s to %s not sent (%s); retry in %.0f s", mail.id, mail.to_address, error, delay
        )
        with write_transaction():
            mail.next_attempt_at = utcnow() + timedelta(seconds=delay)
            mail.last_error = str(error)[:500]
        return 0
    with write_transaction():
        mail.sent_at = utcnow()
        mail.last_error = ""
    return 1
