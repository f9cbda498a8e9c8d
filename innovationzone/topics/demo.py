"""Demo topics: click & collect (curated by Marketing's lead, owned by a store manager with a
co-owner from the shop floor) and returns (owned by Logistics, with Customer service as co-owner),
each pulling together wiki pages, posts and chat rooms. Safe to run twice."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.blog.models import Post
from innovationzone.chat.models import Room
from innovationzone.extensions import db
from innovationzone.topics.models import Topic
from innovationzone.topics.services import add_item, create_topic, update_topic
from innovationzone.wiki.models import Page
from innovationzone.zones.models import Zone

SLUG = "click-en-collect"
# slug, title, owner, co-owners, description, zone whose first post/page/room it gathers
TOPICS = [
    (
        SLUG,
        "Click & collect",
        "ilse",
        ["joost"],
        "Alles over online bestellen en ophalen in de winkel: proces, ervaringen en overleg.",
        "omnichannel",
    ),
    (
        "retouren",
        "Retouren",
        "eva",
        ["hugo"],
        "Van retourlabel tot winkelkassa: hoe retouren lopen en wie waarover beslist.",
        "last-mile",
    ),
]


def _first(model: type[Post | Page | Room], zone_id: int) -> int | None:
    return db.session.scalar(select(model.id).where(model.zone_id == zone_id).order_by(model.id))


def load(people: dict[str, User], zones: dict[str, Zone]) -> None:
    """Writes the demo topics that are not there yet, with co-owners and items, so the topics
    pages have content."""
    curator = people["anouk"]
    for slug, title, owner, co_owners, description, zone_slug in TOPICS:
        if db.session.scalar(select(Topic.id).where(Topic.slug == slug)):
            continue
        create_topic(
            curator, {"slug": slug, "title": title, "owner": owner, "description": description}
        )
        update_topic(curator, slug, {"co_owners": co_owners})
        zone_id = zones[zone_slug].id
        found = [
            ("post", _first(Post, zone_id), True),
            ("page", _first(Page, zone_id), False),
            ("room", _first(Room, zone_id), False),
        ]
        for item_type, object_id, pinned in found:
            if object_id is not None:
                add_item(curator, slug, {"type": item_type, "id": object_id, "pinned": pinned})
