""" "Did you mean": when a search finds nothing, each word the index does not know is replaced by
the closest indexed word (at most two edits, one for short words; the more documents hold it,
the better), and the suggestion is offered only if it finds something this user may read — a
word that only occurs in a private zone is never suggested to an outsider.

Both engines answer the same two questions (how many documents hold this word; which indexed
words start with this letter), so the choice is made here, the same way for both.
"""

from __future__ import annotations

import re

from innovationzone.search.backend import get_backend
from innovationzone.search.query import ParsedQuery


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def closest(word: str) -> str | None:
    """The indexed word closest to `word`, or None when it is indexed itself or none is close."""
    backend = get_backend()
    if len(word) < 3 or backend.word_frequency(word) > 0:
        return None
    limit = 1 if len(word) <= 4 else 2
    best: tuple[int, int, str] | None = None
    for candidate, frequency in backend.words_starting(
        word[0], len(word) - limit, len(word) + limit
    ):
        d = distance(word, candidate, limit)
        if d <= limit and (best is None or (d, -frequency, candidate) < best):
            best = (d, -frequency, candidate)
    return best[2] if best else None


def suggestion(text: str, parsed: ParsedQuery) -> str | None:
    """`text` with its unknown words corrected, or None when there is nothing to correct."""
    corrected = text
    for word in parsed.words:
        better = closest(word)
        if better:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected, flags=re.I)
    return corrected if corrected != text else None
