"""JSON API: zones and their members."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.api import api_blueprint, embedded, json_body, page_args, signed_in
from innovationzone.permissions import access_zone
from innovationzone.zones import services
from innovationzone.zones.models import Zone

bp = api_blueprint("zones_api", __name__)


@bp.get("/zones")
@signed_in
def list_zones() -> ResponseReturnValue:
    """The zones the caller may read, paged; private zones of others never appear."""
    limit, cursor = page_args()
    listing = services.zones_page(current_user, limit=limit, cursor=cursor)
    return {"zones": [zone.to_dict() for zone in listing.items], "next": listing.next}


@bp.post("/zones")
@signed_in
def create_zone() -> ResponseReturnValue:
    """Creates a zone with the caller as its first curator (201); a taken short name is 409."""
    return _with_members(services.create_zone(current_user, json_body())), 201


@bp.get("/zones/<slug>")
@signed_in
def show_zone(slug: str) -> ResponseReturnValue:
    """A zone the caller may read, with the first page of its members; a private zone of others
    is 404."""
    return _with_members(access_zone(current_user, slug))


@bp.patch("/zones/<slug>")
@signed_in
def update_zone(slug: str) -> ResponseReturnValue:
    """Curators change name, description or visibility; going private drops outsiders from its
    live rooms."""
    return _with_members(services.update_zone(current_user, slug, json_body()))


def _with_members(zone: Zone) -> dict[str, Any]:
    """The zone with `members` (`limit`, default 50) and `members_next` for the rest."""
    limit, _cursor = page_args()
    members = services.members_page(current_user, zone.slug, limit=limit, cursor=None)
    return zone.to_dict() | embedded("members", members)


@bp.get("/zones/<slug>/members")
@signed_in
def list_members(slug: str) -> ResponseReturnValue:
    """A readable zone's members with their roles, paged, so a client can show who to ask."""
    limit, cursor = page_args()
    listing = services.members_page(current_user, slug, limit=limit, cursor=cursor)
    return {"members": [m.to_dict() for m in listing.items], "next": listing.next}


@bp.post("/zones/<slug>/members")
@signed_in
def add_member(slug: str) -> ResponseReturnValue:
    """A curator adds someone or changes their role (201)."""
    membership = services.add_member(current_user, slug, json_body())
    return {"username": membership.user.username, "role": membership.role}, 201


@bp.delete("/zones/<slug>/members/<username>")
@signed_in
def remove_member(slug: str, username: str) -> ResponseReturnValue:
    """A curator removes a member (204); their live access ends at once, and a zone keeps at
    least one curator."""
    services.remove_member(current_user, slug, username)
    return "", 204
