"""JSON API: zones and their members."""

from __future__ import annotations

from flask_login import current_user

from innovationzone.api import api_blueprint, json_body, page_args, signed_in
from innovationzone.permissions import access_zone
from innovationzone.zones import services

bp = api_blueprint("zones_api", __name__)


@bp.get("/zones")
@signed_in
def list_zones():
    limit, cursor = page_args()
    listing = services.zones_page(current_user, limit=limit, cursor=cursor)
    return {"zones": [zone.to_dict() for zone in listing.items], "next": listing.next}


@bp.post("/zones")
@signed_in
def create_zone():
    return services.create_zone(current_user, json_body()).to_dict(with_members=True), 201


@bp.get("/zones/<slug>")
@signed_in
def show_zone(slug: str):
    return access_zone(current_user, slug).to_dict(with_members=True)


@bp.patch("/zones/<slug>")
@signed_in
def update_zone(slug: str):
    return services.update_zone(current_user, slug, json_body()).to_dict(with_members=True)


@bp.get("/zones/<slug>/members")
@signed_in
def list_members(slug: str):
    limit, cursor = page_args()
    listing = services.members_page(current_user, slug, limit=limit, cursor=cursor)
    return {"members": [m.to_dict() for m in listing.items], "next": listing.next}


@bp.post("/zones/<slug>/members")
@signed_in
def add_member(slug: str):
    membership = services.add_member(current_user, slug, json_body())
    return {"username": membership.user.username, "role": membership.role}, 201


@bp.delete("/zones/<slug>/members/<username>")
@signed_in
def remove_member(slug: str, username: str):
    services.remove_member(current_user, slug, username)
    return "", 204
