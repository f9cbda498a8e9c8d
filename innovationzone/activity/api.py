"""GET /api/v1/activity: contributions per department, in one zone or every readable one."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.activity import services
from innovationzone.api import api_blueprint, signed_in
from innovationzone.db import isoformat

bp = api_blueprint("activity_api", __name__)


@bp.get("/activity")
@signed_in
def activity() -> ResponseReturnValue:
    """Contributions per department and zone as JSON, over the readable zones only, so the
    numbers a client charts never reveal a private zone."""
    result = services.activity(
        current_user,
        zone_slug=request.args.get("zone") or None,
        days=services.period_days(request.args.get("days")),
    )
    return {
        "period_days": result.period_days,
        "since": isoformat(result.since),
        "departments": [
            # null, not a translated label: scripts get the same answer in every language
            {
                "department": row.department or None,
                "page_revisions": row.page_revisions,
                "posts": row.posts,
                "comments": row.comments,
                "messages": row.messages,
                "total": row.total,
            }
            for row in result.departments
        ],
    }
