"""User search text -> a small, safe query: words, "quoted phrases", -excluded words and the
operators people know from Zulip and BookStack: `zone:`, `type:`, `by:`, `tag:`, `in:title`.

Our code parses all of it; the engines only ever get our query objects. Anything else that looks
like syntax (`title:x`, `*`, `AND`/`OR`, brackets) is plain words, so no operator of FTS5, Whoosh or
PostgreSQL can widen what someone may see. Words are OR-ed (ranked by how many match):
requiring every word makes most real questions find nothing. Every word is kept (MAX_CHARS
bounds them): cutting a long question short loses the words that rank it. An operator given
twice keeps its last value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from innovationzone.search import analysis

MAX_TERMS = 12
MAX_CHARS = 300
TOTAL_CAP = 1000  # totals are counted this far; beyond it, "more than 1,000" is what people need


@dataclass(frozen=True)
class Total:
    """How many readable documents match: exactly `count`, or more than `count` when not
    `exact`. Counting stops at TOTAL_CAP, and an engine may stop sooner, where counting on would
    cost more than the page itself (PostgreSQL counts its candidates' pool)."""

    count: int
    exact: bool

    @classmethod
    def capped(cls, counted: int, cap: int) -> Total:
        """A count taken up to cap + 1: beyond the cap, "more than the cap"."""
        return cls(min(counted, cap), counted <= cap)

    def more_after(self, shown: int) -> bool:
        """Whether matches may follow the first `shown` ones (a next page to offer)."""
        return shown < self.count or not self.exact


_TOKEN_RE = re.compile(
    r'(?<!\S)(?P<op>zone|type|by|tag|in):(?:"(?P<quoted>[^"]*)"|(?P<value>[^\s"]+))'
    r'|(?P<nphrase>-?)"(?P<phrase>[^"]+)"|(?P<nword>-?)(?P<word>[^\s"]+)',
    re.IGNORECASE,
)
TYPE_NAMES = {
    "page": "page",
    "pages": "page",
    "wiki": "page",
    "post": "post",
    "posts": "post",
    "blog": "post",
    "comment": "comment",
    "comments": "comment",
    "message": "message",
    "messages": "message",
    "chat": "message",
    "question": "question",
    "questions": "question",
    "room": "room",
    "rooms": "room",
}


class OperatorError(ValueError):
    """An operator with a value it cannot take, e.g. `type:video` or `in:body`. The message stays
    lazy so the caller's error says it in the reader's language (and the API's in English)."""

    def __init__(self, message: LazyString) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ParsedQuery:
    """A search as typed, taken apart: words, "phrases", -excluded words and operators (zone:,
    type:, by:, ...), so every engine gets the same meaning."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    zone: str | None = None
    type: str | None = None
    by: str | None = None
    tag: str | None = None
    in_title: bool = False

    @property
    def empty(self) -> bool:
        """Whether there is no word or phrase to match: only operators or excluded words, which
        the service refuses unless an operator narrows the search."""
        return not (self.words or self.phrases)

    @property
    def filtered(self) -> bool:
        """True when an operator narrows the results, so no words are needed to list them."""
        return any((self.zone, self.type, self.by, self.tag))

    def highlight_words(self) -> list[str]:
        """The words to mark in snippets: the search words and those of the phrases."""
        return self.words + [w for phrase in self.phrases for w in phrase]


@dataclass(frozen=True)
class Filters:
    """What the operators (and the API's type/zone parameters) narrow the search to, resolved
    to ids the engines filter on inside their query."""

    type: str | None = None
    zone_id: int | None = None
    author_id: int | None = None
    tag: str | None = None
    in_title: bool = False


def tag_term(tag: str) -> str:
    """A tag as one term of word characters, the same for documents and queries."""
    return "_".join(analysis.words(tag))


def _operator(query: ParsedQuery, name: str, value: str) -> None:
    value = value.strip()
    if name == "type":
        if value.lower() not in TYPE_NAMES:
            raise OperatorError(
                _l(
                    "type: takes one of %(options)s.",
                    options=", ".join(sorted(set(TYPE_NAMES.values()))),
                )
            )
        query.type = TYPE_NAMES[value.lower()]
    elif name == "in":
        if value.lower() != "title":
            raise OperatorError(_l("in: takes title."))
        query.in_title = True
    elif name == "by":
        query.by = value.lstrip("@").lower() or None
    elif name == "zone":
        query.zone = value.lower() or None
    else:
        query.tag = tag_term(value) or None


def parse(text: str) -> ParsedQuery:
    """Raises OperatorError for an operator value that cannot be meant."""
    query = ParsedQuery()
    for match in _TOKEN_RE.finditer((text or "")[:MAX_CHARS]):
        if match["op"]:
            _operator(query, match["op"].lower(), match["quoted"] or match["value"] or "")
        elif match["phrase"]:
            words = analysis.words(match["phrase"])
            if match["nphrase"]:
                query.excluded.extend(words)
            elif len(words) == 1:
                query.words.extend(words)
            elif words:
                query.phrases.append(words[:MAX_TERMS])
        else:
            words = analysis.words(match["word"])
            (query.excluded if match["nword"] else query.words).extend(words)
    query.words = list(dict.fromkeys(query.words))  # each word once, first place kept
    query.phrases = query.phrases[:3]
    query.excluded = query.excluded[:MAX_TERMS]
    return query
