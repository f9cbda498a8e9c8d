"""Queueing mail inside the write transaction, and the instant mail for a new notification.

Only certain kinds are worth an instant mail (someone needs you); everything else waits for
the daily digest. Nothing is queued while IZ_SMTP_URL is unset, so an installation without mail
neither fails nor piles up an outbox it will never send.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from innovationzone import hooks
from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.events import on_commit
from innovationzone.extensions import current_app_object, db
from innovationzone.mail import compose
from innovationzone.mail.models import OutboxMail
from innovationzone.notifications.models import Notification

INSTANT_KINDS = frozenset(
    {"mention", "question_assigned", "question_answered", "question_escalated", "review_due"}
)


def enabled() -> bool:
    """Whether mail is configured at all; without IZ_SMTP_URL nothing is queued."""
    return bool(current_app.config.get("IZ_SMTP_URL"))


def mailable(user: User) -> bool:
    """Whether this person wants and can get mail: an address, an active account and mail not
    switched off."""
    return bool(user.email) and user.active and user.email_pref != "off"


def queue(user: User, composed: compose.Composed) -> OutboxMail:
    """Call inside the write transaction; the worker is woken after the commit."""
    mail = OutboxMail(
        user_id=user.id,
        to_address=user.email or "",
        subject=composed.subject,
        text_body=composed.text,
        html_body=composed.html,
        unsubscribe_url=composed.unsubscribe_url,
    )
    db.session.add(mail)
    app = current_app_object()

    def _wake() -> None:
        from innovationzone.mail.worker import wake

        wake(app)

    on_commit(_wake)
    return mail


@hooks.register("notifications.created")
def instant(pairs: Iterable[tuple[User, Notification]]) -> None:
    """Called by notify() (through the hook) with what it just created, inside the same
    transaction."""
    if not enabled():
        return
    for user, notification in pairs:
        if notification.kind in INSTANT_KINDS and mailable(user) and user.email_pref == "instant":
            queue(user, compose.instant(user, notification))
            notification.emailed_at = utcnow()
