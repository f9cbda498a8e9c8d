"""JSON for the pickers: `GET /api/v1/lookup/people?q=` and `GET /api/v1/lookup/content?q=&type=`."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone import validation
from innovationzone.api import api_blueprint, query_int, signed_in
from innovationzone.lookup import services
from innovationzone.pagination import MAX_LIMIT
from innovationzone.topics.models import ITEM_TYPES

bp = api_blueprint("lookup_api", __name__)


def _query() -> str:
    return validation.text(request.args, "q", required=False, max_len=100)


def _limit() -> int:
    """A picker shows a handful (10) unless asked for more: `limit` is 1-100 as on every list
    of the API (the contract), so only what is outside that is a 400."""
    return query_int("limit", services.MAX_RESULTS, minimum=1, maximum=MAX_LIMIT)


@bp.get("/lookup/people")
@signed_in
def people() -> ResponseReturnValue:
    """People matching the typed text, for the @mention and people pickers."""
    return {
        "people": [
            {"username": u.username, "display_name": u.display_name, "department": u.department}
            for u in services.people(_query(), _limit())
        ],
        "next": None,
    }


@bp.get("/lookup/content")
@signed_in
def content() -> ResponseReturnValue:
    """Pages, posts and rooms matching the typed text in zones the user may read, for the content
    picker; `type` narrows to one kind."""
    kind = request.args.get("type") or None
    types = (validation.choice({"type": kind}, "type", ITEM_TYPES),) if kind else ITEM_TYPES
    return {
        "results": [
            found.to_dict() for found in services.content(current_user, _query(), types, _limit())
        ],
        "next": None,
    }
