"""GET /api/v1/search: only what the caller may read."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.api import api_blueprint, page_args, query_int, signed_in
from innovationzone.pagination import offset_cursor, parse_offset_cursor
from innovationzone.search import services

bp = api_blueprint("search_api", __name__)


@bp.get("/search")
@signed_in
def search() -> ResponseReturnValue:
    """Searches what the caller may read, with the query operators; `total` is capped and
    `total_exact` says whether it was, and the cursor pages by offset."""
    limit, cursor = page_args()
    offset = parse_offset_cursor(cursor) if cursor else query_int("offset", 0)
    text = request.args.get("q", "")
    type_, zone_slug = request.args.get("type") or None, request.args.get("zone") or None
    total, hits = services.search(
        current_user, text, type_=type_, zone_slug=zone_slug, limit=limit, offset=offset
    )
    following = offset + limit
    answer = {
        "total": total.count,
        "total_exact": total.exact,  # False: more than `total` match
        "results": [hit.to_dict() for hit in hits],
        "next": offset_cursor(following) if total.more_after(following) and hits else None,
    }
    if not total.count and not offset:
        suggestion = services.did_you_mean(current_user, text, type_=type_, zone_slug=zone_slug)
        if suggestion:
            answer["did_you_mean"] = suggestion
    return answer
