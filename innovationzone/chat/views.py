"""HTML pages: a zone's rooms, all my rooms and conversations, one room."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.chat import room_services
from innovationzone.chat.forms import DirectForm, RoomForm, RoomSettingsForm
from innovationzone.chat.to_wiki_services import save_transcript
from innovationzone.errors import DomainError, ValidationError
from innovationzone.pagination import next_page_url
from innovationzone.permissions import MANAGE, WRITE, access_zone, can
from innovationzone.wiki.naming import page_url

bp = Blueprint("chat", __name__)
SWITCHER = 50  # rooms in a room page's switcher; the rest are a link away


@bp.route("/z/<slug>/chat", methods=["GET", "POST"])
@login_required
def zone_rooms(slug: str) -> ResponseReturnValue:
    """A zone's chat page: its rooms by name, a page at a time, and a form to create one."""
    zone = access_zone(current_user, slug)
    limit, cursor = page_args()
    found = room_services.zone_rooms_page(current_user, slug, limit=limit, cursor=cursor)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            fields = ("slug", "name", "description")
            room = room_services.create_zone_room(
                current_user, slug, {name: form[name].data for name in fields}
            )
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            return redirect(url_for("chat.room", room_id=room.id))
    return render_template(
        "chat/zone_rooms.html",
        zone=zone,
        rooms=found.items,
        more=found.next and next_page_url(found.next),
        form=form,
        unread=room_services.unread_counts(current_user, found.items),
        may_create=can(current_user, WRITE, zone),
        may_manage=can(current_user, MANAGE, zone),
    )


@bp.route("/chat", methods=["GET", "POST"])
@login_required
def index() -> ResponseReturnValue:
    """The chat start page: the rooms of the user's zones and their conversations, each a page
    at a time (`rooms` and `cursor`), and a form to start a direct one."""
    form = DirectForm()
    if form.validate_on_submit():
        try:
            room = room_services.open_direct(
                current_user, form.usernames.data.replace(",", " ").split()
            )
        except DomainError as error:
            flash(error.text(), "error")
        else:
            return redirect(url_for("chat.room", room_id=room.id))
    limit, cursor = page_args()
    rooms_cursor = request.args.get("rooms") or None
    zone_rooms = room_services.rooms_of_zones(current_user, limit=limit, cursor=rooms_cursor)
    direct = room_services.direct_rooms(current_user, limit=limit, cursor=cursor)
    return render_template(
        "chat/index.html",
        zone_rooms=zone_rooms.items,
        more_rooms=zone_rooms.next and next_page_url(zone_rooms.next, "rooms"),
        direct=direct.items,
        more_direct=direct.next and next_page_url(direct.next),
        form=form,
        unread=room_services.unread_counts(current_user, zone_rooms.items + direct.items),
    )


@bp.get("/chat/<int:room_id>")
@login_required
def room(room_id: int) -> ResponseReturnValue:
    """A room's page; the switcher lists the first of the zone's rooms or the person's
    conversations, and links to the rest."""
    found = room_services.access_room(current_user, room_id)
    # The room switcher (a drawer on phones): the zone's rooms, or the person's conversations.
    siblings = (
        room_services.zone_rooms_page(current_user, found.zone.slug, limit=SWITCHER)
        if found.zone
        else room_services.direct_rooms(current_user, limit=SWITCHER)
    )
    more = None
    if siblings.next:
        more = (
            url_for("chat.zone_rooms", slug=found.zone.slug, cursor=siblings.next)
            if found.zone
            else url_for("chat.index", cursor=siblings.next)
        )
    return render_template(
        "chat/room.html",
        room=found,
        rooms=siblings.items,
        more=more,
        unread=room_services.unread_counts(current_user, siblings.items),
        zone=found.zone,
        title=found.title_for(current_user),
        may_write=can(current_user, WRITE, found),
        may_manage=can(current_user, MANAGE, found),
    )


@bp.route("/chat/<int:room_id>/settings", methods=["GET", "POST"])
@login_required
def settings(room_id: int) -> ResponseReturnValue:
    """A zone room's name and description (what search finds it by) and its deletion, for the
    zone's curators and admins; anyone else is refused as by the API."""
    found = room_services.access_room(current_user, room_id, MANAGE)
    form = RoomSettingsForm(obj=found)
    if form.validate_on_submit():
        data = {"name": form.name.data, "description": form.description.data}
        try:
            room_services.update_zone_room(current_user, room_id, data)
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Room saved."))
            return redirect(url_for("chat.room", room_id=room_id))
    return render_template("chat/settings.html", room=found, form=form, confirm=ConfirmForm())


@bp.post("/chat/<int:room_id>/delete")
@login_required
def delete(room_id: int) -> ResponseReturnValue:
    """Deletes a zone room and its messages after confirmation; back to the zone's rooms."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("chat.settings", room_id=room_id))
    zone = room_services.delete_zone_room(current_user, room_id)
    flash(_("Room deleted."))
    return redirect(url_for("chat.zone_rooms", slug=zone.slug) if zone else url_for("chat.index"))


def _form_int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


@bp.post("/chat/<int:room_id>/to-wiki")
@login_required
def to_wiki(room_id: int) -> ResponseReturnValue:
    """Turns a stretch of the conversation into a wiki page and opens its editor, so decisions
    made in chat are kept."""
    try:
        page = save_transcript(current_user, room_id, _form_int("from_id"), _form_int("to_id"))
    except ValidationError as error:
        flash(error.text(), "error")
        return redirect(url_for("chat.room", room_id=room_id))
    flash(_("The conversation is now a wiki page: edit it into shape."))
    return redirect(page_url(page.zone.slug, page.path, "edit"))
