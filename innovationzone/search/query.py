"""User search text -> a small, safe query: words, "quoted phrases" and -excluded words.

Never engine syntax: `zone:secret`, `title:x`, `*`, `AND`/`OR`, brackets are all plain words here,
so no operator of Whoosh or PostgreSQL can widen what someone may see. Words are OR-ed (ranked
by how many match): requiring every word makes most real questions find nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TERMS = 12
MAX_CHARS = 300
_TOKEN_RE = re.compile(r'(-?)"([^"]+)"|(-?)([^\s"]+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)

    def highlight_words(self) -> list[str]:
        return self.words + [w for phrase in self.phrases for w in phrase]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text)]


def parse(text: str) -> ParsedQuery:
    query = ParsedQuery()
    for negate_phrase, phrase, negate_word, word in _TOKEN_RE.findall((text or "")[:MAX_CHARS]):
        if phrase:
            words = _words(phrase)
            if negate_phrase:
                query.excluded.extend(words)
            elif len(words) == 1:
                query.words.extend(words)
            elif words:
                query.phrases.append(words[:MAX_TERMS])
        else:
            words = _words(word)
            (query.excluded if negate_word else query.words).extend(words)
    seen: set[str] = set()
    query.words = [w for w in query.words if not (w in seen or seen.add(w))][:MAX_TERMS]
    query.phrases = query.phrases[:3]
    query.excluded = query.excluded[:MAX_TERMS]
    return query
