"""HTML: the home page. What's new in my zones, with the pinned items of the topics I follow on
top, and beside it what asks something of me: mentions, questions, reviews."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from innovationzone.feed.services import feed_for
from innovationzone.notifications.services import unread_mentions
from innovationzone.pagination import parse_limit
from innovationzone.questions.models import OPEN
from innovationzone.questions.services import asked_by, list_questions
from innovationzone.reviews.services import queue as review_queue
from innovationzone.topics.services import featured_for
from innovationzone.zones.services import zone_summaries, zones_page

bp = Blueprint("home", __name__)
PAGE = 30
SIDE = 5
ZONES = 10  # zone cards beside the feed; 'More zones' goes on in the zones list


@bp.get("/")
@login_required
def home() -> ResponseReturnValue:
    """The home page: the user's feed beside what topics, questions and reviews ask of them
    (panels added through hooks)."""
    cursor = request.args.get("cursor") or None
    page = feed_for(current_user, limit=parse_limit(None, PAGE), cursor=cursor)
    zones = zones_page(current_user, limit=ZONES, cursor=None)
    return render_template(
        "home/index.html",
        entries=page.items,
        next_cursor=page.next,
        featured=[] if cursor else featured_for(current_user),
        mentions=unread_mentions(current_user),
        for_me=list_questions(current_user, assignee="me", status=OPEN, limit=SIDE).items,
        mine=asked_by(current_user, limit=SIDE),
        reviews=review_queue(current_user, limit=SIDE).items,
        zones=zones.items,
        summaries=zone_summaries(zone.id for zone in zones.items),
        more_zones=zones.next,
    )
