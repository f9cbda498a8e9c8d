"""The search page behind the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from innovationzone.api import query_int
from innovationzone.errors import ValidationError
from innovationzone.search import services
from innovationzone.search.query import Total
from innovationzone.zones.services import visible_zones

bp = Blueprint("search", __name__)
PER_PAGE = 20


@bp.get("/search")
@login_required
def results() -> ResponseReturnValue:
    """The search page; a malformed query is shown as a message on the page, and no results offer
    a 'did you mean' suggestion."""
    text = request.args.get("q", "").strip()
    type_ = request.args.get("type") or None
    zone = request.args.get("zone") or None
    page = query_int("page", 1, minimum=1, maximum=500)
    total, error = Total(0, True), None
    hits: list[services.Hit] = []
    if text:
        try:
            total, hits = services.search(
                current_user,
                text,
                type_=type_,
                zone_slug=zone,
                limit=PER_PAGE,
                offset=(page - 1) * PER_PAGE,
            )
        except ValidationError as problem:
            error = problem.text()
    suggestion = None
    if text and not error and not total.count:
        suggestion = services.did_you_mean(current_user, text, type_=type_, zone_slug=zone)
    return render_template(
        "search/results.html",
        q=text,
        suggestion=suggestion,
        type_=type_,
        zone=zone,
        page=page,
        total=total.count,
        total_exact=total.exact,
        more=total.more_after(page * PER_PAGE),
        hits=hits,
        error=error,
        zones=visible_zones(current_user),
    )
