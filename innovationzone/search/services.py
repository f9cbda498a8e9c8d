"""Search for a user: only what they may read, with honest totals and escaped snippets.

The engine filters by readable zones (and named readers) itself, so `total` counts only what
the user may see; the hits of the page shown are then loaded again from their sources (one query
per type, not per hit) and re-checked with can(), so a stale index entry can never show
something deleted or hidden meanwhile. Titles, urls and snippets come from the engine's stored
copy, which the outbox refreshes right after every change.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from innovationzone import validation
from innovationzone.accounts.models import User
from innovationzone.errors import ValidationError
from innovationzone.extensions import db
from innovationzone.permissions import READ, can, readable_zone_ids
from innovationzone.search.backend import get_backend
from innovationzone.search.documents import TYPES, source
from innovationzone.search.query import Filters, OperatorError, ParsedQuery, Total, parse
from innovationzone.search.spelling import suggestion
from innovationzone.zones.models import Zone

SNIPPET_CHARS = 200
MARKUP_RE = re.compile(r"\[\[|\]\]|^#{1,6}\s|[*_`]{1,3}|^>\s?|^\s*[-+]\s\[[ xX]\]", re.MULTILINE)


@dataclass
class Hit:
    """One search result as pages and the API show it, after the permission re-check."""

    type: str
    id: int
    title: str
    url: str
    snippet: str
    zone: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The result as the search API answers it."""
        return self.__dict__.copy()


def search(
    user: User,
    text: str,
    *,
    type_: str | None = None,
    zone_slug: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[Total, list[Hit]]:
    """`type_` and `zone_slug` (the API's parameters) narrow like `type:` and `zone:` do; given
    both ways with different values, nothing can match."""
    if type_ is not None and type_ not in TYPES:
        raise ValidationError(
            _l("'type' must be one of: %(options)s.", options=", ".join(TYPES)), field="type"
        )
    try:
        parsed = parse(validation.text({"q": text}, "q", max_len=300))
    except OperatorError as problem:
        raise ValidationError(problem.message, field="q") from problem
    if parsed.empty and not parsed.filtered:
        raise ValidationError(
            _l("Search for at least one word (not only -excluded ones)."), field="q"
        )
    zone_ids = readable_zone_ids(user)
    filters = _filters(parsed, type_, zone_slug, zone_ids)
    if filters is None:
        return Total(0, True), []
    total, raw_hits = get_backend().search(
        parsed, zone_ids=zone_ids, user_id=user.id, filters=filters, limit=limit, offset=offset
    )
    return total, _hits(user, raw_hits, parsed)


def did_you_mean(
    user: User, text: str, *, type_: str | None = None, zone_slug: str | None = None
) -> str | None:
    """For a search that found nothing: the text with its misspelt words corrected, when that
    finds something this user may read; else None."""
    corrected = suggestion(text, parse(text))
    if corrected is None:
        return None
    total, _hits = search(user, corrected, type_=type_, zone_slug=zone_slug, limit=1)
    return corrected if total.count else None


def _filters(
    parsed: ParsedQuery, type_: str | None, zone_slug: str | None, zone_ids: set[int]
) -> Filters | None:
    """The operators resolved to ids; None when they cannot match anything the user may read
    (an unknown or unreadable zone, an unknown author, contradicting values)."""
    types = {t for t in (type_, parsed.type) if t}
    slugs = {z for z in (zone_slug, parsed.zone) if z}
    if len(types) > 1 or len(slugs) > 1:
        return None
    zone_id = author_id = None
    if slugs:
        zone_id = db.session.scalar(select(Zone.id).where(Zone.slug == slugs.pop()))
        if zone_id is None or zone_id not in zone_ids:
            return None
    if parsed.by:
        author_id = db.session.scalar(select(User.id).where(func.lower(User.username) == parsed.by))
        if author_id is None:
            return None
    return Filters(
        type=types.pop() if types else None,
        zone_id=zone_id,
        author_id=author_id,
        tag=parsed.tag,
        in_title=parsed.in_title,
    )


Demoter = Callable[[list[Hit]], set[tuple[str, int]]]
_demoters: list[Demoter] = []
DEMOTED_FACTOR = 0.8  # "slightly lower": a clearly better match still wins


def register_demoter(demoter: Demoter) -> None:
    """Lets a feature name hits that should rank a little lower (pages overdue for review)
    without search knowing why. Registering the same one again (another app) changes nothing."""
    if demoter not in _demoters:
        _demoters.append(demoter)


def _demote(hits: list[Hit]) -> list[Hit]:
    """Lower the named hits' scores and move each below the hits it no longer outscores;
    everything else keeps the engine's order."""
    named = set().union(*(demoter(hits) for demoter in _demoters)) if hits else set()
    if not named:
        return hits
    kept, lowered = [], []
    for hit in hits:
        if (hit.type, hit.id) in named:
            hit.score = round(hit.score * DEMOTED_FACTOR, 4)
            lowered.append(hit)
        else:
            kept.append(hit)
    for hit in lowered:
        at = next((i for i, other in enumerate(kept) if other.score < hit.score), len(kept))
        kept.insert(at, hit)
    return kept


def _hits(user: User, raw_hits: list[dict], parsed: ParsedQuery) -> list[Hit]:
    """The engine's hits that the user may still read, in a constant number of queries."""
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for raw in raw_hits:
        ids_by_type[raw["type"]].append(raw["id"])
    sources = {type_: src for type_ in ids_by_type if (src := source(type_)) is not None}
    objects = {
        (type_, object_id): obj
        for type_, src in sources.items()
        for object_id, obj in src.objects(ids_by_type[type_]).items()
    }
    zone_ids = {raw["zone_id"] for raw in raw_hits if raw["zone_id"] is not None}
    zones = {z.id: z for z in db.session.scalars(select(Zone).where(Zone.id.in_(zone_ids)))}
    words = parsed.highlight_words()
    hits = []
    for raw in raw_hits:
        obj = objects.get((raw["type"], raw["id"]))
        if obj is None or not can(user, READ, obj):
            continue
        zone = zones.get(raw["zone_id"])
        hits.append(
            Hit(
                type=raw["type"],
                id=raw["id"],
                title=sources[raw["type"]].title_of(obj, raw["title"]),
                url=raw["url"],
                snippet=snippet(raw["body"], words),
                zone=zone.slug if zone else None,
                score=round(raw["score"], 4),
            )
        )
    return _demote(hits)


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
