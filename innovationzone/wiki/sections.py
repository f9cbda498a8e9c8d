"""Editing one section of a long page: the text from a heading to the next heading of the
same or a higher level. Headings inside fenced code blocks are not headings."""
from __future__ import annotations

import re

from ..errors import ValidationError

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+\S")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})")


def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, level) of every ATX heading outside fenced code."""
    found, fence = [], None
    for index, line in enumerate(lines):
        fence_match = FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
            continue
        heading = HEADING_RE.match(line) if fence is None else None
        if heading:
            found.append((index, len(heading.group(1))))
    return found


def count(body: str) -> int:
    return len(_headings(body.splitlines(keepends=True)))


def _span(lines: list[str], number: int) -> tuple[int, int]:
    headings = _headings(lines)
    if not 1 <= number <= len(headings):
        raise ValidationError("This page has no such section (it may have changed); edit the whole page.",
                              field="section")
    start, level = headings[number - 1]
    end = next((i for i, lvl in headings[number:] if lvl <= level), len(lines))
    return start, end


def extract(body: str, number: int) -> str:
    lines = body.splitlines(keepends=True)
    start, end = _span(lines, number)
    return "".join(lines[start:end])


def replace(body: str, number: int, text: str) -> str:
    lines = body.splitlines(keepends=True)
    start, end = _span(lines, number)
    if text and not text.endswith("\n") and end < len(lines):
        text += "\n"
    return "".join(lines[:start]) + text + "".join(lines[end:])
