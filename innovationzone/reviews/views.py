"""HTML pages: my review queue, and a page's review settings; the freshness line on wiki pages
comes from the `page_review` template global, so the wiki's own views need not know reviews."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone import hooks, sweeper
from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.errors import DomainError
from innovationzone.pagination import MAX_LIMIT
from innovationzone.reviews import services
from innovationzone.reviews.forms import TOPIC_REVIEW, ReviewForm
from innovationzone.reviews.models import Review
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import page_url
from innovationzone.wiki.queries import get_page

bp = Blueprint("reviews", __name__)
PAGE = "/z/<zone>/wiki/<path:path>"


@bp.app_template_global()
def page_review(page: Page) -> Review | None:
    """Lets the page template show the review panel without every wiki view loading the review."""
    return services.review_for(page)


@hooks.register("zone.page")
def zone_overdue(user: Any, zone: Any) -> dict[str, Any]:
    """The zone page's overdue-review count; zones sit below reviews, so we add it."""
    return {"overdue_reviews": services.overdue_in_zone(zone.id)}


@hooks.register("topic.page")
def topic_reviews(user: Any, topic: Any, page_ids: list[int]) -> dict[str, Any]:
    """The topic page's review date and which of its pages are overdue."""
    review = services.review_for(topic)
    return {
        "review": review,
        "review_form": _topic_review_form(review),
        "overdue": services.overdue_page_ids(page_ids),
    }


def _topic_review_form(review: Review | None) -> ReviewForm:
    form = ReviewForm(prefix=TOPIC_REVIEW)
    if review is not None:
        form.interval_days.data, form.owner.data = review.interval_days, review.owner.username
    return form


@bp.get("/reviews")
@login_required
def index() -> ResponseReturnValue:
    """The user's review queue, due first; runs the sweep first so due notifications are current."""
    sweeper.maybe_sweep()
    limit, cursor = page_args(MAX_LIMIT)
    queue = services.queue(current_user, limit=limit, cursor=cursor)
    return render_template("reviews/index.html", queue=queue, confirm=ConfirmForm())


@bp.route(PAGE + "/review", methods=["GET", "POST"])
@login_required
def settings(zone: str, path: str) -> ResponseReturnValue:
    """The review settings of a page: interval, owner and next due date."""
    page = get_page(current_user, zone, path)
    review = services.review_for(page)
    form = ReviewForm()
    if not form.is_submitted() and review is not None:
        form.interval_days.data, form.owner.data = review.interval_days, review.owner.username
        form.due.data = review.due_at.date()
    if form.validate_on_submit():
        data = {"interval_days": form.interval_days.data, "owner": form.owner.data or None}
        if form.due.data:
            data["due"] = form.due.data.isoformat()
        try:
            services.set_page_review(current_user, zone, page.path, data)
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Review saved."))
            return redirect(page_url(zone, page.path))
    return render_template("reviews/settings.html", page=page, review=review, form=form)


@bp.post(PAGE + "/reviewed")
@login_required
def reviewed(zone: str, path: str) -> ResponseReturnValue:
    """Marks a page reviewed from its page; a refusal is flashed."""
    if ConfirmForm().validate_on_submit():
        try:
            services.mark_page_reviewed(current_user, zone, path)
        except DomainError as error:
            flash(error.text(), "error")
        else:
            flash(_("Marked as reviewed."))
    return redirect(request.form.get("next") or page_url(zone, path))


@bp.post("/topics/<slug>/review")
@login_required
def topic_settings(slug: str) -> ResponseReturnValue:
    """Saves a topic's review settings from the topic page."""
    form = ReviewForm(prefix=TOPIC_REVIEW)
    if form.validate_on_submit():
        data = {"interval_days": form.interval_days.data, "owner": form.owner.data or None}
        if form.due.data:
            data["due"] = form.due.data.isoformat()
        try:
            services.set_topic_review(current_user, slug, data)
        except DomainError as error:
            flash(error.text(), "error")
        else:
            flash(_("Review saved."))
    else:
        flash(_("Give the number of days between reviews (1 to 3650)."), "error")
    return redirect(url_for("topics.show", slug=slug))


@bp.post("/topics/<slug>/reviewed")
@login_required
def topic_reviewed(slug: str) -> ResponseReturnValue:
    """Marks a topic reviewed from the topic page and returns where the user was."""
    if ConfirmForm().validate_on_submit():
        try:
            services.mark_topic_reviewed(current_user, slug)
        except DomainError as error:
            flash(error.text(), "error")
    return redirect(request.form.get("next") or url_for("topics.show", slug=slug))
