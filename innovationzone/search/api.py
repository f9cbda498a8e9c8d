"""GET /api/v1/search: only what the caller may read."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from innovationzone.api import api_blueprint, query_int, signed_in
from innovationzone.search import services
from innovationzone.search.query import TOTAL_CAP

bp = api_blueprint("search_api", __name__)


@bp.get("/search")
@signed_in
def search():
    total, hits = services.search(
        current_user,
        request.args.get("q", ""),
        type_=request.args.get("type") or None,
        zone_slug=request.args.get("zone") or None,
        limit=query_int("limit", 20, minimum=1, maximum=100),
        offset=query_int("offset", 0),
    )
    return {
        "total": min(total, TOTAL_CAP),
        "total_exact": total <= TOTAL_CAP,  # False: more than `total` match
        "results": [hit.to_dict() for hit in hits],
    }
