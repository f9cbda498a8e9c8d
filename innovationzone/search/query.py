"""User search text -> a small, safe query: words, "quoted phrases" and -excluded words.

Never engine syntax: `zone:secret`, `title:x`, `*`, `AND`/`OR`, brackets are all plain words here,
so no operator of Whoosh or PostgreSQL can widen what someone may see. Words are OR-ed (ranked
by how many match): requiring every word makes most real questions find nothing. Every word is
kept (MAX_CHARS bounds them): cutting a long question short loses the words that rank it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innovationzone.search import analysis

MAX_TERMS = 12
MAX_CHARS = 300
_TOKEN_RE = re.compile(r'(-?)"([^"]+)"|(-?)([^\s"]+)')


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


def parse(text: str) -> ParsedQuery:
    query = ParsedQuery()
    for negate_phrase, phrase, negate_word, word in _TOKEN_RE.findall((text or "")[:MAX_CHARS]):
        if phrase:
            words = analysis.words(phrase)
            if negate_phrase:
                query.excluded.extend(words)
            elif len(words) == 1:
                query.words.extend(words)
            elif words:
                query.phrases.append(words[:MAX_TERMS])
        else:
            words = analysis.words(word)
            (query.excluded if negate_word else query.words).extend(words)
    seen: set[str] = set()
    query.words = [w for w in query.words if not (w in seen or seen.add(w))]
    query.phrases = query.phrases[:3]
    query.excluded = query.excluded[:MAX_TERMS]
    return query
