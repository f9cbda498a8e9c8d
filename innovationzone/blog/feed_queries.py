"""Atom feeds of a zone's blog and of one author's posts: published posts only.

Without a feed key only public zones are served (a feed reader has no session); with one,
what its owner may read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from innovationzone.accounts.models import User
from innovationzone.blog.models import Post
from innovationzone.blog.services import author_posts, page_of, visible_posts
from innovationzone.db import isoformat
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.permissions import READ, can, readable_anonymously, readable_zone_ids_query
from innovationzone.zones.models import Zone

ATOM = "http://www.w3.org/2005/Atom"
FEED_LENGTH = 20


def _readable_zone_ids(reader: User | None) -> Select[int]:
    if reader is None:
        return select(Zone.id).where(Zone.visibility == "public")
    return readable_zone_ids_query(reader)


def zone_feed(reader: User | None, slug: str) -> tuple[Zone, list[Post]]:
    """The zone and its latest posts for its Atom feed; a private zone only for a reader (feed
    key or session) who may read it, else 404 as if missing."""
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    if zone is None or not (
        readable_anonymously(zone) if reader is None else can(reader, READ, zone)
    ):
        raise NotFound(_l("Not found."))
    query = visible_posts(None, select(Zone.id).where(Zone.id == zone.id))
    return zone, page_of(query, limit=FEED_LENGTH)


def author_feed(reader: User | None, username: str) -> tuple[User, list[Post]]:
    """The author and their latest posts in zones the feed's reader may read, so a public feed
    never lists private posts."""
    author = db.session.scalar(select(User).where(User.username == username.lower()))
    if author is None:
        raise NotFound(_l("Not found."))
    return author, author_posts(
        None, author, limit=FEED_LENGTH, zone_ids=_readable_zone_ids(reader)
    )


def atom(
    *,
    feed_url: str,
    page_url: str,
    title: str,
    posts: list[Post],
    fallback_updated: datetime,
    absolute: Callable[[str], str],
) -> bytes:
    """An Atom 1.0 document (RFC 4287); entry ids are the posts' permanent URLs."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_url)
    _text(feed, "title", title)
    updated = max((post.updated_at for post in posts), default=fallback_updated)
    _text(feed, "updated", isoformat(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url, type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=page_url, type="text/html")
    _text(feed, "generator", "innovationzone")
    for post in posts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = absolute(post.url())
        _text(entry, "id", url)
        _text(entry, "title", post.title)
        _text(entry, "updated", isoformat(post.updated_at))
        _text(entry, "published", isoformat(post.published_at))
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", post.author.display_name)
        _text(author, "uri", absolute(f"/u/{post.author.username}"))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url, type="text/html")
        for tag in post.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
        _text(entry, "summary", post.excerpt)
        _text(entry, "content", post.html).set("type", "html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, value: str | None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value or ""
    return element
