"""The search page behind the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from innovationzone.api import query_int
from innovationzone.errors import ValidationError
from innovationzone.pagination import parse_limit
from innovationzone.search import services
from innovationzone.search.query import Total
from innovationzone.zones.services import zone_choices

bp = Blueprint("search", __name__)
PER_PAGE = 20
ZONE_CHOICES = 20  # the reader's own zones offered in the zone filter; others by `zone:` or URL


@bp.get("/search")
@login_required
def results() -> ResponseReturnValue:
    """The search page, `limit` results (default 20) a page; a malformed query is shown as a
    message on the page, and no results offer a 'did you mean' suggestion. The zone filter offers
    the reader's own zones and the chosen one, not every zone of the organisation."""
    text = request.args.get("q", "").strip()
    type_ = request.args.get("type") or None
    zone = request.args.get("zone") or None
    page = query_int("page", 1, minimum=1, maximum=500)
    per_page = parse_limit(request.args.get("limit"), PER_PAGE)
    total, error = Total(0, True), None
    hits: list[services.Hit] = []
    if text:
        try:
            total, hits = services.search(
                current_user,
                text,
                type_=type_,
                zone_slug=zone,
                limit=per_page,
                offset=(page - 1) * per_page,
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
        more=total.more_after(page * per_page),
        hits=hits,
        error=error,
        zones=zone_choices(current_user, zone, ZONE_CHOICES),
    )
