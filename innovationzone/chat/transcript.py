"""A stretch of a conversation as Markdown, so chat knowledge can become a wiki page."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.chat.models import Message
from innovationzone.chat.room_services import access_room
from innovationzone.errors import ValidationError
from innovationzone.extensions import db

MAX_MESSAGES = 500


def _quote(message: Message) -> str:
    author = message.author
    who = f"**{author.display_name}** (@{author.username})" if author else _("**(removed user)**")
    when = message.created_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"> {who} · {when}", ">"] + [
        f"> {line}" if line else ">" for line in message.body.splitlines()
    ]
    return "\n".join(lines)


def transcript_markdown(user: User, room_id: Any, from_id: Any, to_id: Any) -> tuple[str, str]:
    """(title, markdown) quoting messages from_id..to_id with authors and times; deleted ones left out."""
    room = access_room(user, room_id)
    for name, value in (("from_id", from_id), ("to_id", to_id)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(
                _l("'%(name)s' must be a message's number.", name=name), field=name
            )
    if from_id > to_id:
        from_id, to_id = to_id, from_id
    messages = db.session.scalars(
        select(Message)
        .where(
            Message.room_id == room.id,
            Message.id.between(from_id, to_id),
            Message.deleted_at.is_(None),
        )
        .order_by(Message.id)
        .limit(MAX_MESSAGES + 1)
    ).all()
    if not messages:
        raise ValidationError(_l("Select at least one message."), field="from_id")
    if len(messages) > MAX_MESSAGES:
        raise ValidationError(
            _l("Select at most %(max)s messages.", max=MAX_MESSAGES), field="to_id"
        )
    first, last = messages[0].created_at, messages[-1].created_at
    name = room.title_for(user)
    title = f"Chat {name} {first:%Y-%m-%d}"
    span = f"{first:%Y-%m-%d %H:%M}" + (
        f" – {last:%H:%M}" if first.date() == last.date() else f" – {last:%Y-%m-%d %H:%M}"
    )
    # written once into the page, in the language of whoever saves it (the team that reads it)
    intro = ngettext(
        "*From the chat room “%(name)s”, %(span)s UTC (%(num)d message).*",
        "*From the chat room “%(name)s”, %(span)s UTC (%(num)d messages).*",
        len(messages),
        name=name,
        span=span,
    )
    return title, "\n\n".join([intro, *(_quote(m) for m in messages)]) + "\n"
