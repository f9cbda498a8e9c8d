"""Editing one section of a long page: the text from a heading to the next heading of the
same or a higher level. Headings inside fenced code blocks are not headings."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from innovationzone.errors import ValidationError

# Only lines that open a heading or a code fence matter; one MULTILINE scan finds them, which
# keeps counting sections cheap on every view of a long page.
MARKER_RE = re.compile(r"^(?:(#{1,6})[ \t]+\S|(`{3,}|~{3,}))", re.MULTILINE)


def _headings(body: str) -> list[tuple[int, int]]:
    """(offset, level) of every ATX heading outside fenced code."""
    found, fence = [], None
    for match in MARKER_RE.finditer(body):
        if match.group(2):
            if fence is None:
                fence = match.group(2)[0]
            elif match.group(2)[0] == fence:
                fence = None
        elif fence is None:
            found.append((match.start(), len(match.group(1))))
    return found


def count(body: str) -> int:
    """How many sections (headings) a body has, for the section edit links."""
    return len(_headings(body))


def _span(body: str, number: int) -> tuple[int, int]:
    headings = _headings(body)
    if not 1 <= number <= len(headings):
        raise ValidationError(
            _l("This page has no such section (it may have changed); edit the whole page."),
            field="section",
        )
    start, level = headings[number - 1]
    end = next((offset for offset, lvl in headings[number:] if lvl <= level), len(body))
    return start, end


def extract(body: str, number: int) -> str:
    """The Markdown of section `number`, for editing one section only."""
    start, end = _span(body, number)
    return body[start:end]


def replace(body: str, number: int, text: str) -> str:
    """The body with section `number` replaced by the edited text, keeping the line break before
    the next section."""
    start, end = _span(body, number)
    if text and not text.endswith("\n") and end < len(body):
        text += "\n"
    return body[:start] + text + body[end:]
