"""JSON API for review duties: set one on a page or topic, mark it reviewed, the owner's queue."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone import sweeper
from innovationzone.api import api_blueprint, json_body, page_args, signed_in
from innovationzone.errors import ValidationError
from innovationzone.reviews import services

bp = api_blueprint("reviews_api", __name__)
PAGE = "/zones/<zone>/pages/<path:path>"


@bp.get(PAGE + "/review")
@signed_in
def page_review(zone: str, path: str) -> ResponseReturnValue:
    """A page's review interval, owner and due date; 404 when the page has none."""
    return services.page_review(current_user, zone, path).to_dict()


@bp.put(PAGE + "/review")
@signed_in
def set_page_review(zone: str, path: str) -> ResponseReturnValue:
    """Sets or changes a page's review interval, owner and due date (people who may edit the
    page)."""
    return services.set_page_review(current_user, zone, path, json_body()).to_dict()


@bp.post(PAGE + "/reviewed")
@signed_in
def page_reviewed(zone: str, path: str) -> ResponseReturnValue:
    """The owner (or a curator) confirms the page is still right; the next due date is one
    interval from today."""
    return services.mark_page_reviewed(current_user, zone, path).to_dict()


@bp.put("/topics/<slug>/review")
@signed_in
def set_topic_review(slug: str) -> ResponseReturnValue:
    """Sets or changes a topic's review interval, owner and due date, for those who manage the
    topic (owner, co-owners, curators)."""
    return services.set_topic_review(current_user, slug, json_body()).to_dict()


@bp.post("/topics/<slug>/reviewed")
@signed_in
def topic_reviewed(slug: str) -> ResponseReturnValue:
    """Confirms a topic was reviewed; the next due date is one interval from today."""
    return services.mark_topic_reviewed(current_user, slug).to_dict()


def _overdue_arg() -> bool | None:
    raw = request.args.get("overdue")
    if raw in (None, ""):
        return None
    if raw not in ("true", "false", "1", "0"):
        raise ValidationError(_l("'overdue' must be true or false."), field="overdue")
    return raw in ("true", "1")


@bp.get("/reviews")
@signed_in
def reviews() -> ResponseReturnValue:
    """The review queue, by owner and overdue state, due first; runs the sweep first so due
    notifications are current."""
    sweeper.maybe_sweep()
    limit, cursor = page_args()
    page = services.queue(
        current_user,
        owner_name=request.args.get("owner") or None,
        overdue=_overdue_arg(),
        limit=limit,
        cursor=cursor,
    )
    return {"reviews": [view.to_dict() for view in page.items], "next": page.next}
