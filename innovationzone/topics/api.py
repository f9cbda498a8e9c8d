"""JSON API: curated topics and their items."""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.api import api_blueprint, embedded, json_body, page_args, signed_in
from innovationzone.topics import services

bp = api_blueprint("topics_api", __name__)
ITEM = "/topics/<slug>/items/<item_type>/<int:object_id>"


@bp.get("/topics")
@signed_in
def list_topics() -> ResponseReturnValue:
    """Topics by title, paged; archived ones only when asked for, so the list shows what is
    alive."""
    archived_too = request.args.get("archived") in ("1", "true")
    limit, cursor = page_args()
    listing = services.topics_page(archived_too=archived_too, limit=limit, cursor=cursor)
    return {"topics": [t.to_dict() for t in listing.items], "next": listing.next}


@bp.post("/topics")
@signed_in
def create_topic() -> ResponseReturnValue:
    """Curators create a topic with its owner (201); a taken short name is 409."""
    return services.create_topic(current_user, json_body()).to_dict(), 201


@bp.get("/topics/<slug>")
@signed_in
def show_topic(slug: str) -> ResponseReturnValue:
    """A topic with the first page of the items the caller may read (`limit`, default 50;
    `items_next` goes on at its items list) and whether they follow it."""
    topic = services.get_topic(slug)
    limit, _cursor = page_args()
    items = services.items_page(current_user, topic, limit=limit, cursor=None)
    return (
        topic.to_dict()
        | embedded("items", items)
        | {"following": services.is_following(current_user, topic)}
    )


@bp.get("/topics/<slug>/items")
@signed_in
def list_items(slug: str) -> ResponseReturnValue:
    """A topic's items the caller may read, pinned first, then newest first, a page at a time
    (the topic's own answer has the first page)."""
    limit, cursor = page_args()
    listing = services.items_page(
        current_user, services.get_topic(slug), limit=limit, cursor=cursor
    )
    return {"items": [item.to_dict() for item in listing.items], "next": listing.next}


@bp.patch("/topics/<slug>")
@signed_in
def update_topic(slug: str) -> ResponseReturnValue:
    """The owner, co-owners or a curator edit what the PATCH names; a topic always keeps an
    owner."""
    return services.update_topic(current_user, slug, json_body()).to_dict()


@bp.delete("/topics/<slug>")
@signed_in
def delete_topic(slug: str) -> ResponseReturnValue:
    """Deletes the topic and its item list (204); the pages, posts and rooms stay."""
    services.delete_topic(current_user, slug)
    return "", 204


@bp.route("/topics/<slug>/follow", methods=["PUT", "DELETE"])
@signed_in
def follow(slug: str) -> ResponseReturnValue:
    """PUT follows, DELETE unfollows (both idempotent), so the topic's news reaches the home
    feed."""
    services.follow(current_user, slug, request.method == "PUT")
    return "", 204


@bp.post("/topics/<slug>/items")
@signed_in
def add_item(slug: str) -> ResponseReturnValue:
    """A curator adds a page, post or room they may read to the topic (201)."""
    return services.add_item(current_user, slug, json_body()).to_dict(), 201


@bp.patch(ITEM)
@signed_in
def update_item(slug: str, item_type: str, object_id: int) -> ResponseReturnValue:
    """A curator pins or unpins an item; pinned items are listed first."""
    pinned = services.set_pinned(current_user, slug, item_type, object_id, json_body())
    return {"type": item_type, "id": object_id, "pinned": pinned}


@bp.delete(ITEM)
@signed_in
def remove_item(slug: str, item_type: str, object_id: int) -> ResponseReturnValue:
    """A curator takes an item out of the topic (204); the item itself stays."""
    services.remove_item(current_user, slug, item_type, object_id)
    return "", 204
