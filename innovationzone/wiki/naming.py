"""Page paths: one spelling per page, and only spellings that make safe, unambiguous URLs.

The last path segment may not be one of the action words used after a page path in URLs
(`/edit`, `/history`, ...), and no segment starts with `_` (zone-level wiki pages use that).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask_babel import lazy_gettext as _l

from innovationzone.errors import ValidationError
from innovationzone.markdown import normalise_path

SEGMENT_RE = re.compile(r"^[\w\-.,()'&+!]+$")
RESERVED = {
    "edit",
    "history",
    "diff",
    "revert",
    "rename",
    "delete",
    "restore",
    "watch",
    "files",
    "revisions",
    "backlinks",
    "attachments",
}
MAX_SEGMENTS, MAX_SEGMENT, MAX_PATH = 10, 100, 255


def clean_path(raw: object) -> str:
    """The normalised path, or a ValidationError saying what is wrong with it."""
    if not isinstance(raw, str):
        raise ValidationError(_l("The page path must be text."), field="path")
    path = normalise_path(raw)
    if not path:
        raise ValidationError(_l("The page path is empty."), field="path")
    segments = path.split("/")
    if len(path) > MAX_PATH or len(segments) > MAX_SEGMENTS:
        raise ValidationError(
            _l(
                "Page paths have at most %(parts)s parts and %(chars)s characters.",
                parts=MAX_SEGMENTS,
                chars=MAX_PATH,
            ),
            field="path",
        )
    for segment in segments:
        if len(segment) > MAX_SEGMENT or not SEGMENT_RE.match(segment) or segment[0] in "_.":
            raise ValidationError(
                _l(
                    "'%(segment)s' cannot be part of a page path: use letters, digits, spaces and "
                    "- . , ( ) ' & + !, not starting with '_' or '.'.",
                    segment=segment[:40],
                ),
                field="path",
            )
    if segments[-1].lower() in RESERVED:
        raise ValidationError(
            _l("A page path cannot end in '%(word)s': that word is reserved.", word=segments[-1]),
            field="path",
        )
    return path


def title_from_path(path: str) -> str:
    """The title of a page created without one: the last path segment, spaces for underscores."""
    return path.rsplit("/", 1)[-1].replace("_", " ")


def page_url(zone_slug: str, path: str, action: str = "") -> str:
    """The link to a page (or one of its actions), quoted, in one place so every feature links
    the same way."""
    url = f"/z/{quote(zone_slug)}/wiki/{quote(path)}"
    return f"{url}/{action}" if action else url


def breadcrumbs(path: str) -> list[tuple[str, str]]:
    """[(label, path)] for every ancestor and the page itself."""
    parts = path.split("/")
    return [(part.replace("_", " "), "/".join(parts[: i + 1])) for i, part in enumerate(parts)]
