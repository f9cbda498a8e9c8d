"""JSON for the pickers: `GET /api/v1/lookup/people?q=`, `/lookup/zones?q=` and
`/lookup/content?q=&type=`, each with `limit` and `cursor` like every list."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone import validation
from innovationzone.api import api_blueprint, page_args, signed_in
from innovationzone.lookup import services
from innovationzone.topics.models import ITEM_TYPES

bp = api_blueprint("lookup_api", __name__)


def _query() -> str:
    return validation.text(request.args, "q", required=False, max_len=100)


def _page() -> tuple[int, str | None]:
    """A picker shows a handful (10) unless asked for more: `limit` is 1-100 as on every list
    of the API (the contract), so only what is outside that is a 400."""
    return page_args(services.MAX_RESULTS)


@bp.get("/lookup/people")
@signed_in
def people() -> ResponseReturnValue:
    """People matching the typed text, for the @mention and people pickers."""
    limit, cursor = _page()
    found = services.people(_query(), limit, cursor)
    return {
        "people": [
            {"username": u.username, "display_name": u.display_name, "department": u.department}
            for u in found.items
        ],
        "next": found.next,
    }


@bp.get("/lookup/zones")
@signed_in
def zones() -> ResponseReturnValue:
    """Zones the caller may read matching the typed name or short name, for the zone pickers."""
    limit, cursor = _page()
    found = services.zones(current_user, _query(), limit, cursor)
    return {"zones": [zone.to_dict() for zone in found.items], "next": found.next}


@bp.get("/lookup/content")
@signed_in
def content() -> ResponseReturnValue:
    """Pages, posts and rooms matching the typed text in zones the user may read, for the content
    picker; `type` narrows to one kind."""
    kind = request.args.get("type") or None
    types = (validation.choice({"type": kind}, "type", ITEM_TYPES),) if kind else ITEM_TYPES
    limit, cursor = _page()
    found = services.content(current_user, _query(), types, limit, cursor)
    return {"results": [result.to_dict() for result in found.items], "next": found.next}
