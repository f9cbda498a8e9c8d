"""JSON API: rooms of a zone, direct-message rooms, stored messages, read markers."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.api import api_blueprint, json_body, page_args, query_int, signed_in
from innovationzone.chat import room_services, services
from innovationzone.chat.to_wiki_services import save_transcript
from innovationzone.wiki.naming import page_url

bp = api_blueprint("chat_api", __name__)


def _rooms_with_unread(found: list) -> dict:
    unread = room_services.unread_counts(current_user, found)
    return {
        "rooms": [
            {**room.to_dict(current_user), "unread": unread.get(room.id, 0)} for room in found
        ]
    }


@bp.get("/zones/<slug>/rooms")
@signed_in
def zone_rooms(slug: str) -> ResponseReturnValue:
    """A zone's rooms with the caller's unread counts, paged, for clients that list rooms before
    joining one."""
    limit, cursor = page_args()
    listing = room_services.zone_rooms_page(current_user, slug, limit=limit, cursor=cursor)
    return {**_rooms_with_unread(listing.items), "next": listing.next}


@bp.post("/zones/<slug>/rooms")
@signed_in
def create_room(slug: str) -> ResponseReturnValue:
    """Creates a room in a zone the caller may write in (201); a taken short name is 409."""
    return room_services.create_zone_room(current_user, slug, json_body()).to_dict(
        current_user
    ), 201


@bp.get("/rooms/direct")
@signed_in
def direct_rooms() -> ResponseReturnValue:
    """The caller's direct conversations, most recently active first, with unread counts, a
    page at a time."""
    limit, cursor = page_args()
    listing = room_services.direct_rooms(current_user, limit=limit, cursor=cursor)
    return {**_rooms_with_unread(listing.items), "next": listing.next}


@bp.post("/rooms/direct")
@signed_in
def open_direct() -> ResponseReturnValue:
    """Idempotent: the same set of people always gets the same room (201 only when new)."""
    room, made = room_services.open_direct_room(current_user, json_body().get("usernames"))
    return room.to_dict(current_user), 201 if made else 200


@bp.get("/rooms/<int:room_id>")
@signed_in
def show_room(room_id: int) -> ResponseReturnValue:
    """One room the caller may read; a room they may not see is 404 like a missing one."""
    return room_services.access_room(current_user, room_id).to_dict(current_user)


@bp.patch("/rooms/<int:room_id>")
@signed_in
def update_room(room_id: int) -> ResponseReturnValue:
    """Renames a zone's room or changes its description (curators, admins): `{name?,
    description?}`, 200 with the room; search follows the new name."""
    return room_services.update_zone_room(current_user, room_id, json_body()).to_dict(current_user)


@bp.delete("/rooms/<int:room_id>")
@signed_in
def delete_room(room_id: int) -> ResponseReturnValue:
    """Deletes a zone's room and its messages (curators, admins): 204."""
    room_services.delete_zone_room(current_user, room_id)
    return "", 204


@bp.get("/rooms/<int:room_id>/messages")
@signed_in
def messages(room_id: int) -> ResponseReturnValue:
    """A room's history over HTTP (before/after a sequence number, or the `cursor` of the last
    answer: earlier messages, or later ones when `after` was asked), for clients that page back
    without a socket."""
    limit, cursor = page_args(services.HISTORY_LIMIT)
    found = services.history_page(
        current_user,
        room_id,
        before=query_int("before", None, minimum=1),
        after=query_int("after", None),
        limit=limit,
        cursor=cursor,
    )
    return {"messages": [m.to_dict() for m in found.items], "next": found.next}


@bp.post("/rooms/<int:room_id>/read")
@signed_in
def mark_read(room_id: int) -> ResponseReturnValue:
    """Moves the caller's read marker (never back), so unread counts agree across tabs and
    devices."""
    return {"last_seq": room_services.mark_read(current_user, room_id, json_body().get("seq"))}


@bp.post("/rooms/<int:room_id>/to-wiki")
@signed_in
def to_wiki(room_id: int) -> ResponseReturnValue:
    """Save a stretch of messages (`from_id`..`to_id`) as a new wiki page in the room's zone."""
    data = json_body()
    page = save_transcript(current_user, room_id, data.get("from_id"), data.get("to_id"))
    return {
        "zone": page.zone.slug,
        "path": page.path,
        "title": page.title,
        "url": page_url(page.zone.slug, page.path),
    }, 201
