"""Atom feeds over HTTP. No login: a feed reader brings a feed key (?key=) for private zones."""

from __future__ import annotations

from flask import Response, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone.accounts.models import User
from innovationzone.blog import feed_queries, feedkey_services
from innovationzone.blog.views import bp
from innovationzone.errors import NotFound

ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _reader() -> User | None:
    """The feed key's owner; else the signed-in user; else nobody (public zones only)."""
    key = request.args.get("key")
    if key:
        reader = feedkey_services.user_for_feed_key(key)
        if reader is None:
            raise NotFound(_l("This feed link was revoked or is wrong."))
        return reader
    return current_user._get_current_object() if current_user.is_authenticated else None


def _absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


def _answer(document: bytes) -> Response:
    response = Response(document, content_type=ATOM_TYPE)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/z/<slug>/blog/feed.atom")
def zone_feed(slug: str) -> ResponseReturnValue:
    """A zone's Atom feed, readable by feed readers that cannot sign in (via a personal feed
    key)."""
    zone, posts = feed_queries.zone_feed(_reader(), slug)
    return _answer(
        feed_queries.atom(
            feed_url=url_for("blog.zone_feed", slug=zone.slug, _external=True),
            page_url=url_for("blog.index", slug=zone.slug, _external=True),
            title=zone.name,
            posts=posts,
            fallback_updated=zone.created_at,
            absolute=_absolute,
        )
    )


@bp.get("/u/<username>/feed.atom")
def author_feed(username: str) -> ResponseReturnValue:
    """A person's Atom feed over the zones its reader may read."""
    author, posts = feed_queries.author_feed(_reader(), username)
    return _answer(
        feed_queries.atom(
            feed_url=url_for("blog.author_feed", username=author.username, _external=True),
            page_url=url_for("blog.person", username=author.username, _external=True),
            title=author.display_name,
            posts=posts,
            fallback_updated=author.created_at,
            absolute=_absolute,
        )
    )
