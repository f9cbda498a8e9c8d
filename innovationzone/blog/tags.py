"""Tags: a few short lowercase words per post, one spelling each, safe in a URL path."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from innovationzone.errors import ValidationError

MAX_TAGS = 10
MAX_TAG_LEN = 40
_TAG_RE = re.compile(r"^[\w-]{1,40}$")


def normalise_tag(raw: str) -> str:
    """One spelling per tag ('#Click Collect' and 'click-collect' are the same tag), so tag pages
    gather them all."""
    return re.sub(r"\s+", "-", raw.strip().lstrip("#").lower())


def parse_tags(value: Any) -> list[str]:
    """A list of strings or one comma-separated string, e.g. "kassa, click & collect"."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(
            _l("'tags' must be a list of words or a comma-separated string."), field="tags"
        )
    tags: list[str] = []
    for item in value:
        tag = normalise_tag(item)
        if not tag:
            continue
        if not _TAG_RE.match(tag):
            raise ValidationError(
                _l(
                    "Tag '%(tag)s' may hold letters, digits and dashes, at most %(max)s.",
                    tag=item.strip()[:MAX_TAG_LEN],
                    max=MAX_TAG_LEN,
                ),
                field="tags",
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_l("At most %(max)s tags per post.", max=MAX_TAGS), field="tags")
    return tags
