"""A readable diff of two revisions: changed lines, and within them the changed words.

Lines first keeps it fast on long pages (SequenceMatcher is quadratic in the worst case);
words second shows what really changed in an edited sentence. A passage that was mostly
rewritten is shown as the old text struck through, then the new text: word by word, it would
be a confetti of tiny insertions and deletions nobody can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 2  # unchanged lines shown around a change
REWRITTEN = 0.5  # below this share of unchanged text, a changed passage counts as rewritten


@dataclass(frozen=True)
class Piece:
    """A run of text in a diff and whether it is unchanged, inserted, deleted or an elided gap,
    so the template marks it without parsing."""

    kind: str  # "same", "ins", "del", "gap" (unchanged lines left out)
    text: str


def _words(old: str, new: str) -> list[Piece]:
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return pieces


def _replaced(old: str, new: str) -> list[Piece]:
    pieces = _words(old, new)
    kept = sum(len(p.text) for p in pieces if p.kind == "same" and p.text.strip())
    if kept < REWRITTEN * max(len(old.strip()), len(new.strip()), 1):
        return [Piece("del", old), Piece("ins", new)]
    return pieces


def _same_lines(lines: list[str], first: bool, last: bool) -> list[Piece]:
    """Unchanged lines, trimmed to a little context around the changes."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(lines) <= keep_head + keep_tail + 1:
        return [Piece("same", "".join(lines))]
    pieces = []
    if keep_head:
        pieces.append(Piece("same", "".join(lines[:keep_head])))
    pieces.append(Piece("gap", f"{len(lines) - keep_head - keep_tail}"))
    if keep_tail:
        pieces.append(Piece("same", "".join(lines[-keep_tail:])))
    return pieces


def word_diff(old: str, new: str) -> list[Piece]:
    """A diff of two revisions: changed lines compared word by word, long unchanged stretches
    folded into gaps, so a small edit in a long page is easy to spot."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces += _same_lines(a[i1:i2], index == 0, index == len(opcodes) - 1)
        elif tag == "replace":
            pieces += _replaced("".join(a[i1:i2]), "".join(b[j1:j2]))
        elif tag == "delete":
            pieces.append(Piece("del", "".join(a[i1:i2])))
        else:
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return pieces
