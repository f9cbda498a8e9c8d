"""HTML: a person's page (who they are, their posts the reader may see) and their feed key."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from innovationzone.accounts.forms import ConfirmForm
from innovationzone.accounts.models import User
from innovationzone.api import page_args
from innovationzone.blog import feedkey_services, services
from innovationzone.blog.views import PAGE, bp
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.zones.services import zones_page


@bp.get("/u/<username>")
@login_required
def person(username: str) -> ResponseReturnValue:
    """A person's page: their posts in zones the reader may read."""
    person = db.session.scalar(select(User).where(User.username == username.lower()))
    if person is None:
        raise NotFound(_l("Not found."))
    return _page(person)


@bp.post("/u/me/feed-key")
@login_required
def new_feed_key() -> ResponseReturnValue:
    """Creates (or replaces) the user's feed key and shows its secret once on their page."""
    secret = feedkey_services.new_feed_key(
        current_user
    )  # CSRF: checked for every cookie POST (auth.py)
    return _page(current_user._get_current_object(), new_feed_key=secret)


@bp.post("/u/me/feed-key/revoke")
@login_required
def revoke_feed_key() -> ResponseReturnValue:
    """Revokes the user's feed key: feed links with it stop working."""
    feedkey_services.revoke_feed_key(current_user)
    flash(_("Feed key revoked: feed links with it no longer work."))
    return redirect(url_for("blog.person", username=current_user.username))


def _page(person: User, *, new_feed_key: str | None = None) -> str:
    """The secret of a new feed key appears on this one answer only: it is stored hashed. One's
    own page lists the feeds of a page of the zones one reads (`limit`, the `feeds` cursor)."""
    limit, cursor = page_args(PAGE)
    listing = services.author_posts_page(current_user, person, limit=limit, cursor=cursor)
    posts = listing.items
    own = person.id == current_user.id
    feeds = (
        zones_page(current_user, limit=limit, cursor=request.args.get("feeds") or None)
        if own
        else None
    )
    return render_template(
        "blog/person.html",
        person=person,
        posts=posts,
        own=own,
        next=listing.next,
        counts=services.comment_counts([p.id for p in posts]),
        confirm=ConfirmForm(),
        feed_zones=feeds.items if feeds else [],
        feeds_next=feeds.next if feeds else None,
        has_feed_key=own and feedkey_services.has_feed_key(current_user),
        new_feed_key=new_feed_key,
    )
