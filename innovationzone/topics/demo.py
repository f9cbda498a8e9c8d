"""A demo topic: click & collect, curated by Marketing's lead, owned by a store manager, pulling
together a wiki page, a blog post and a chat room from the omnichannel zone. Safe to run twice."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.blog.models import Post
from innovationzone.chat.models import Room
from innovationzone.extensions import db
from innovationzone.topics.models import Topic
from innovationzone.topics.services import add_item, create_topic
from innovationzone.wiki.models import Page
from innovationzone.zones.models import Zone

SLUG = "click-en-collect"


def load(people: dict[str, User], zones: dict[str, Zone]) -> None:
    if db.session.scalar(select(Topic.id).where(Topic.slug == SLUG)):
        return
    curator = people["anouk"]
    create_topic(
        curator,
        {
            "slug": SLUG,
            "title": "Click & collect",
            "owner": "ilse",
            "description": "Alles over online bestellen en ophalen in de winkel: proces, ervaringen en overleg.",
        },
    )
    zone_id = zones["omnichannel"].id
    found = [
        (
            "post",
            db.session.scalar(select(Post.id).where(Post.zone_id == zone_id).order_by(Post.id)),
            True,
        ),
        (
            "page",
            db.session.scalar(select(Page.id).where(Page.zone_id == zone_id).order_by(Page.id)),
            False,
        ),
        (
            "room",
            db.session.scalar(select(Room.id).where(Room.zone_id == zone_id).order_by(Room.id)),
            False,
        ),
    ]
    for item_type, object_id, pinned in found:
        if object_id is not None:
            add_item(curator, SLUG, {"type": item_type, "id": object_id, "pinned": pinned})
