"""Mails in the recipient's language, as plain text and HTML, rendered from templates.

Composed when queued (in the transaction that caused them), so the worker only sends bytes:
it needs neither the recipient's session nor the objects the mail is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from innovationzone.accounts.models import User
from innovationzone.mail.links import absolute, unsubscribe_url
from innovationzone.notifications.models import Notification


@dataclass(frozen=True)
class Composed:
    """A mail ready for the outbox: subject, text and HTML bodies and the unsubscribe link (also
    sent as the List-Unsubscribe header)."""

    subject: str
    text: str
    html: str
    unsubscribe_url: str


def describe(notification: Notification) -> str:
    """One line saying what happened, in the current locale."""
    who = notification.actor.display_name if notification.actor else _("Someone")
    title = notification.title
    lines = {
        "mention": lambda: _("%(who)s mentioned you in “%(title)s”", who=who, title=title),
        "reply": lambda: _("%(who)s replied to your comment on “%(title)s”", who=who, title=title),
        "comment": lambda: _("%(who)s commented on your post “%(title)s”", who=who, title=title),
        "zone_added": lambda: _("%(who)s added you to the zone “%(title)s”", who=who, title=title),
        "page_changed": lambda: _("%(who)s changed “%(title)s”", who=who, title=title),
        "question_assigned": lambda: _(
            "%(who)s asked you a question: “%(title)s”", who=who, title=title
        ),
        "question_answered": lambda: _(
            "%(who)s answered your question “%(title)s”", who=who, title=title
        ),
        "question_escalated": lambda: _(
            "Nobody has answered the question “%(title)s” yet", title=title
        ),
        "review_due": lambda: _("“%(title)s” is due for review", title=title),
    }
    line = lines.get(notification.kind)
    return line() if line else f"{who}: {title}"


def _render(name: str, **context: object) -> str:
    """The template alone, without the page context processors: a mail is composed in a
    request, a socket event or the command line alike, and is about its recipient, not about
    whoever is signed in."""
    return current_app.jinja_env.get_template(name).render(**context)


def _locale(user: User) -> str:
    # Their profile's language, else the one they last used the site in (a Dutch browser).
    return user.locale or user.last_locale or "en"


def instant(user: User, notification: Notification) -> Composed:
    """The mail for one notification, in the recipient's language, not the language of whoever
    caused it."""
    unsubscribe = unsubscribe_url(user.id)
    with force_locale(_locale(user)):
        line = describe(notification)
        context = {
            "user": user,
            "line": line,
            "link": absolute(notification.url),
            "zone": notification.zone.name if notification.zone else None,
            "unsubscribe": unsubscribe,
        }
        return Composed(
            subject=line[:200],
            text=_render("mail/instant.txt", **context),
            html=_render("mail/instant.html", **context),
            unsubscribe_url=unsubscribe,
        )


def digest(user: User, notifications: Sequence[Notification]) -> Composed:
    """The daily mail of the recipient's unread notifications, in their language."""
    unsubscribe = unsubscribe_url(user.id)
    with force_locale(_locale(user)):
        items = [
            {
                "line": describe(n),
                "link": absolute(n.url),
                "zone": n.zone.name if n.zone else None,
            }
            for n in notifications
        ]
        context = {
            "user": user,
            "items": items,
            "home": absolute("/"),
            "unsubscribe": unsubscribe,
        }
        subject = _("Your day in innovationzone: %(num)d new", num=len(items))
        return Composed(
            subject=subject,
            text=_render("mail/digest.txt", **context),
            html=_render("mail/digest.html", **context),
            unsubscribe_url=unsubscribe,
        )
