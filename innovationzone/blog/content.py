"""Markdown bodies for posts and comments: size limits, rendering with mentions, excerpts.

Mentions are resolved against the database before rendering (the renderer's worker has no
database); the same lookup tells the services whom to notify.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from innovationzone import markdown
from innovationzone.accounts.models import User
from innovationzone.accounts.services import users_named
from innovationzone.errors import TooLarge, ValidationError
from innovationzone.wiki.rendering import link_context
from innovationzone.zones.models import Zone

EXCERPT_CHARS = 280


def body_text(data: Mapping[str, Any], name: str, max_len: int) -> str:
    """A required Markdown body: empty is a 400, oversized a 413 (not a silent cut)."""
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValidationError(_l("'%(name)s' must be a string.", name=name), field=name)
    if not value or not value.strip():
        raise ValidationError(_l("'%(name)s' may not be empty.", name=name), field=name)
    if len(value) > max_len:
        raise TooLarge(
            _l("'%(name)s' is longer than %(max_len)s characters.", name=name, max_len=max_len),
            field=name,
            limit=max_len,
        )
    return value


def mentioned_users(text: str) -> list[User]:
    """The existing users an @mention in the text names; unknown names are ignored."""
    return users_named(markdown.extract_mentions(text))


def render_body(text: str, zone: Zone) -> tuple[str, list[User]]:
    """Sanitised HTML and the existing users it mentions."""
    users = mentioned_users(text)
    context = link_context(zone.slug, text, {user.username for user in users})
    return markdown.render(text, context), users


def excerpt_from(rendered: str) -> str:
    """A post's plain-text teaser, for lists and feeds when the author wrote no excerpt."""
    return markdown.teaser(rendered, EXCERPT_CHARS)
