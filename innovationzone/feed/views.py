"""HTML: the home page, "what's new" beside my mentions and my zones."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from innovationzone.feed import services
from innovationzone.notifications.services import unread_mentions
from innovationzone.pagination import parse_limit
from innovationzone.zones.services import visible_zones

bp = Blueprint("feed", __name__)
PAGE = 30


@bp.get("/")
@login_required
def home():
    page = services.feed_for(
        current_user, limit=parse_limit(None, PAGE), cursor=request.args.get("cursor") or None
    )
    return render_template(
        "feed/home.html",
        entries=page.items,
        next_cursor=page.next,
        mentions=unread_mentions(current_user),
        zones=visible_zones(current_user),
    )
