"""Search for a user: only what they may read, with honest totals and escaped snippets.

The engine filters by readable zones (and named readers) itself, so `total` counts only what
the user may see; each hit is then loaded again from its source and re-checked with can(), so a
stale index entry can never show something that became private meanwhile.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from innovationzone import validation
from innovationzone.accounts.models import User
from innovationzone.errors import ValidationError
from innovationzone.extensions import db
from innovationzone.permissions import READ, can, readable_zone_ids
from innovationzone.search.backend import get_backend
from innovationzone.search.documents import TYPES, source
from innovationzone.search.query import ParsedQuery, parse
from innovationzone.zones.models import Zone

SNIPPET_CHARS = 200
MARKUP_RE = re.compile(r"\[\[|\]\]|^#{1,6}\s|[*_`]{1,3}|^>\s?|^\s*[-+]\s\[[ xX]\]", re.MULTILINE)


@dataclass
class Hit:
    type: str
    id: int
    title: str
    url: str
    snippet: str
    zone: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def search(
    user: User,
    text: str,
    *,
    type_: str | None = None,
    zone_slug: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[Hit]]:
    if type_ is not None and type_ not in TYPES:
        raise ValidationError(f"'type' must be one of: {', '.join(TYPES)}.", field="type")
    parsed = parse(validation.text({"q": text}, "q", max_len=300))
    if parsed.empty:
        raise ValidationError("Search for at least one word (not only -excluded ones).", field="q")
    zone_ids = readable_zone_ids(user)
    zone_id = None
    if zone_slug:
        zone = db.session.query(Zone).filter_by(slug=zone_slug).one_or_none()
        if zone is None or zone.id not in zone_ids:
            return 0, []
        zone_id = zone.id
    total, raw_hits = get_backend().search(
        parsed,
        zone_ids=zone_ids,
        user_id=user.id,
        type_=type_,
        zone_id=zone_id,
        limit=limit,
        offset=offset,
    )
    hits = [hit for hit in (_load(user, raw, parsed) for raw in raw_hits) if hit is not None]
    return total, hits


def _load(user: User, raw: dict, parsed: ParsedQuery) -> Hit | None:
    src = source(raw["type"])
    document = src.load_one(raw["id"]) if src else None
    if document is None:
        return None
    obj = src.load_object(raw["id"])
    if obj is None or not can(user, READ, obj):
        return None
    zone = db.session.get(Zone, document.zone_id) if document.zone_id else None
    return Hit(
        type=document.type,
        id=document.id,
        title=document.title,
        url=document.url,
        snippet=snippet(document.body, parsed.highlight_words()),
        zone=zone.slug if zone else None,
        score=round(raw["score"], 4),
    )


def snippet(body: str, words: list[str]) -> str:
    """A window of the text around the first match, HTML-escaped, matches in <mark>.
    Markdown's punctuation (headings, emphasis, [[links]], code fences) is left out: people read it."""
    text = MARKUP_RE.sub(" ", body or "")
    text = re.sub(r"\s+", " ", text).strip()
    lowered = text.lower()
    stems = [w[: max(3, len(w) - 2)] for w in words if w]
    positions = [lowered.find(stem) for stem in stems if lowered.find(stem) >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    window = text[start : start + SNIPPET_CHARS]
    escaped = html.escape(window)
    if stems:
        pattern = re.compile(
            "|".join(re.escape(html.escape(s)) + r"\w*" for s in stems), re.IGNORECASE
        )
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return ("…" if start else "") + escaped + ("…" if start + SNIPPET_CHARS < len(text) else "")
