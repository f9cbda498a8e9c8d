""" "Save to wiki": a stretch of a zone room's conversation becomes a new wiki page in that zone,
quoted with authors and times, for the team to edit into lasting knowledge."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from innovationzone.accounts.models import User
from innovationzone.chat.room_services import access_room
from innovationzone.chat.transcript import transcript_markdown
from innovationzone.errors import Conflict, ValidationError
from innovationzone.markdown import normalise_path
from innovationzone.wiki.models import Page
from innovationzone.wiki.services import save_page

MAX_TRIES = 20


def save_transcript(user: User, room_id: Any, from_id: Any, to_id: Any) -> Page:
    """Creates `Chat/<room>/<date>` (or `-2`, `-3`, ... when taken) and returns the page."""
    room = access_room(user, room_id)
    if room.zone is None:
        raise ValidationError(
            _l("Direct messages belong to no zone; copy the text into a zone's wiki yourself.")
        )
    title, body = transcript_markdown(user, room.id, from_id, to_id)
    base = normalise_path(f"Chat/{room.slug or room.id}/{title.rsplit(' ', 1)[-1]}")
    for attempt in range(1, MAX_TRIES + 1):
        path = base if attempt == 1 else f"{base}-{attempt}"
        try:
            page, _revision, _merged = save_page(
                user,
                room.zone.slug,
                path,
                title,
                body,
                None,
                summary=_("Saved from the chat room %(room)s", room=room.name),
            )
        except Conflict:
            continue  # that day's page exists already: take the next number
        return page
    raise Conflict(_l("Too many chat pages for this day; rename some first."))
