"""The daily digest: one mail per person who chose `daily`, with what they have not yet read.

Run by `innovationzone mail send-digests` (cron, once a day). Each person's digest is its own
transaction that marks what it lists as mailed, so running it twice sends nothing twice, and a
crash halfway leaves the rest for the next run. What the person may no longer read (removed from
a private zone since) is left out, and marked so it never comes back.
"""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.db import utcnow, write_transaction
from innovationzone.extensions import db
from innovationzone.mail import compose
from innovationzone.mail.outbox import enabled, mailable, queue
from innovationzone.notifications.models import Notification
from innovationzone.permissions import readable_zone_ids

MAX_ITEMS = 50


def send_digests() -> int:
    """Queue today's digests; answers how many were queued (0 without IZ_SMTP_URL)."""
    if not enabled():
        return 0
    recipients = list(
        db.session.scalars(
            select(User.id).where(
                User.email_pref == "daily", User.email.is_not(None), User.active.is_(True)
            )
        )
    )
    return sum(_digest_for(user_id) for user_id in recipients)


def _digest_for(user_id: int) -> int:
    with write_transaction() as session:
        user = session.get(User, user_id)
        if user is None or not mailable(user) or user.email_pref != "daily":
            return 0
        waiting = list(
            session.scalars(
                select(Notification)
                .where(
                    Notification.user_id == user.id,
                    Notification.emailed_at.is_(None),
                    Notification.read_at.is_(None),
                )
                .order_by(Notification.id.desc())
                .with_for_update()
            )
        )
        if not waiting:
            return 0
        readable = readable_zone_ids(user)
        now = utcnow()
        for notification in waiting:
            notification.emailed_at = now
        shown = [n for n in waiting if n.zone_id is None or n.zone_id in readable][:MAX_ITEMS]
        if not shown:
            return 0
        queue(user, compose.digest(user, shown))
    return 1
