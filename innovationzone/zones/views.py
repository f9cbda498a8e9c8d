"""HTML pages: the zone list, a new zone, a zone's overview with its members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone import hooks
from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.errors import DomainError
from innovationzone.permissions import MANAGE, access_zone, can, zone_role
from innovationzone.zones import services
from innovationzone.zones.forms import MemberForm, ZoneForm

bp = Blueprint("zones", __name__)


@bp.get("/zones")
@login_required
def index() -> ResponseReturnValue:
    """The zones page: the zones the user may read, paged."""
    limit, cursor = page_args()
    listing = services.zones_page(current_user, limit=limit, cursor=cursor)
    return render_template(
        "zones/index.html",
        zones=listing.items,
        summaries=services.zone_summaries(zone.id for zone in listing.items),
        next=listing.next,
    )


@bp.route("/zones/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    """The form to create a zone; the creator becomes its curator."""
    form = ZoneForm()
    if form.validate_on_submit():
        try:
            zone = services.create_zone(
                current_user,
                {
                    "slug": form.slug.data,
                    "name": form.name.data,
                    "description": form.description.data or "",
                    "visibility": form.visibility.data,
                },
            )
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Zone %(name)s created. You are its curator.", name=zone.name))
            return redirect(url_for("zones.show", slug=zone.slug))
    return render_template("zones/new.html", form=form)


@bp.get("/z/<slug>")
@login_required
def show(slug: str) -> ResponseReturnValue:
    """A zone's page: its members and the panels other features add through the `zone.page` hook."""
    zone = access_zone(current_user, slug)
    panels: dict = {}
    for panel in hooks.call("zone.page", user=current_user, zone=zone):
        panels.update(panel)
    limit, cursor = page_args()
    return render_template(
        "zones/show.html",
        zone=zone,
        members=services.members_page(current_user, slug, limit=limit, cursor=cursor),
        departments=services.department_counts(zone),
        role=zone_role(current_user, zone),
        may_manage=can(current_user, MANAGE, zone),
        member_form=MemberForm(),
        confirm=ConfirmForm(),
        **panels,
    )


@bp.post("/z/<slug>/members")
@login_required
def add_member(slug: str) -> ResponseReturnValue:
    """A curator adds a member from the zone page; a refusal is flashed."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            membership = services.add_member(
                current_user, slug, {"username": form.username.data, "role": form.role.data}
            )
            # what they are now: the same form adds someone or changes a member's role
            name = membership.user.display_name or membership.user.username
            if membership.role == "curator":
                flash(_("%(name)s is now a curator of this zone.", name=name))
            else:
                flash(_("%(name)s is now a member of this zone.", name=name))
        except DomainError as error:
            flash(error.text(), "error")
    return redirect(url_for("zones.show", slug=slug))


@bp.post("/z/<slug>/members/<username>/remove")
@login_required
def remove_member(slug: str, username: str) -> ResponseReturnValue:
    """A curator removes a member from the zone page; a refusal is flashed."""
    try:
        services.remove_member(current_user, slug, username)
    except DomainError as error:
        flash(error.text(), "error")
    return redirect(url_for("zones.show", slug=slug))


@bp.post("/z/<slug>/join")
@login_required
def join(slug: str) -> ResponseReturnValue:
    """Joins a public zone as a member from its page."""
    services.join_zone(current_user, slug)
    return redirect(url_for("zones.show", slug=slug))
