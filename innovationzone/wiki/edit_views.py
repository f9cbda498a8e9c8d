"""HTML pages for changing the wiki: the editor (with section editing and the conflict page),
live preview, revert, move, delete, restore and watch."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.api import json_body, page_args
from innovationzone.errors import Conflict, DomainError
from innovationzone.wiki import manage_services, queries, sections
from innovationzone.wiki.forms import EditForm, RenameForm, RevertForm
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import clean_path, title_from_path
from innovationzone.wiki.services import latest_revision, save_page
from innovationzone.wiki.services import preview as render_preview
from innovationzone.wiki.views import PAGE, bp, layout


def _editor(
    zone: str,
    path: str,
    form: EditForm,
    page: Page | None,
    status: int = 200,
    conflict: Conflict | None = None,
) -> tuple[str, int]:
    return render_template(
        "wiki/edit.html", form=form, page=page, conflict=conflict, **layout(zone, path)
    ), status


@bp.get(PAGE + "/edit")
@login_required
def edit(zone: str, path: str) -> ResponseReturnValue:
    """The editor for a page, new or existing, or for one section of it; an old spelling of the
    path redirects to the page's own."""
    page = queries.find_page(current_user, zone, path)
    if page is not None and page.path != path:
        return redirect(url_for("wiki.edit", zone=zone, path=page.path))
    path = clean_path(path)
    form = EditForm(title=title_from_path(path), body="", base_revision="")
    if page is not None:
        body = latest_revision(page).body
        section = request.args.get("section", type=int)
        form = EditForm(
            title=page.title,
            body=sections.extract(body, section) if section else body,
            base_revision=page.revision,
            section=section or "",
        )
    return _editor(zone, path, form, page)


@bp.post(PAGE + "/edit")
@login_required
def save(zone: str, path: str) -> ResponseReturnValue:
    """Saves the editor: a section edit is spliced into its base revision; a conflict shows the
    editor again with both versions rather than losing the text."""
    form = EditForm()
    page = queries.find_page(current_user, zone, path)
    if not form.validate_on_submit():
        return _editor(zone, path, form, page, 400)
    base = int(form.base_revision.data) if (form.base_revision.data or "").isdigit() else None
    body = form.body.data or ""
    try:
        if form.section.data and base:
            full = queries.get_revision(current_user, zone, path, base).body
            body = sections.replace(full, int(form.section.data), body)
        page, revision, merged = save_page(
            current_user, zone, path, form.title.data, body, base, summary=form.summary.data or ""
        )
    except Conflict as conflict:
        resolved = EditForm(
            formdata=None,
            title=form.title.data,
            summary=form.summary.data,
            body=conflict.extra.get("merged") or body,
            base_revision=conflict.extra.get("current_revision") or "",
        )
        return _editor(zone, path, resolved, page, 409, conflict)
    except DomainError as error:
        form.form_errors.append(error.text())
        return _editor(zone, path, form, page, error.status)
    if merged:
        flash(
            _(
                "Someone else saved meanwhile; your changes were merged with theirs (revision %(n)d).",
                n=revision.number,
            )
        )
    return redirect(url_for("wiki.show", zone=zone, path=page.path))


@bp.post("/z/<zone>/wiki/_preview")
@login_required
def preview(zone: str) -> ResponseReturnValue:
    """The editor's live preview: Markdown rendered and sanitised exactly as a save would, links
    resolved in the zone."""
    data = json_body()
    return {
        "html": render_preview(current_user, zone, data.get("path") or "Preview", data.get("body"))
    }


@bp.post(PAGE + "/revert")
@login_required
def revert(zone: str, path: str) -> ResponseReturnValue:
    """Reverts to an old revision from the history page (a new revision with its text)."""
    form = RevertForm()
    if form.validate_on_submit():
        manage_services.revert_page(current_user, zone, path, form.revision.data)
        flash(_("Reverted to revision %(n)d.", n=form.revision.data))
    return redirect(url_for("wiki.show", zone=zone, path=path))


@bp.post(PAGE + "/rename")
@login_required
def rename(zone: str, path: str) -> ResponseReturnValue:
    """Moves a page from its page; a taken path or bad name is flashed."""
    form = RenameForm()
    if form.validate_on_submit():
        try:
            page = manage_services.rename_page(current_user, zone, path, form.path.data)
        except DomainError as error:
            flash(error.text(), "error")
        else:
            flash(_("Moved. The old path leads here."))
            return redirect(url_for("wiki.show", zone=zone, path=page.path))
    return redirect(url_for("wiki.show", zone=zone, path=path))


@bp.post(PAGE + "/delete")
@login_required
def delete(zone: str, path: str) -> ResponseReturnValue:
    """Deletes a page (hidden; a curator can restore it) and returns to the zone's wiki."""
    manage_services.delete_page(current_user, zone, path)
    flash(_("Page deleted. A curator of this zone can restore it."))
    return redirect(url_for("wiki.index", zone=zone))


@bp.post(PAGE + "/restore")
@login_required
def restore(zone: str, path: str) -> ResponseReturnValue:
    """A curator restores a deleted page and opens it."""
    page = manage_services.restore_page(current_user, zone, path)
    flash(_("Page restored."))
    return redirect(url_for("wiki.show", zone=zone, path=page.path))


@bp.get("/z/<zone>/wiki/_deleted")
@login_required
def deleted(zone: str) -> ResponseReturnValue:
    """A zone's deleted pages by path, a page at a time, for curators to restore."""
    limit, cursor = page_args()
    listing = queries.pages_of(current_user, zone, limit=limit, cursor=cursor, deleted=True)
    return render_template(
        "wiki/deleted.html", pages=listing.items, next=listing.next, **layout(zone)
    )


@bp.post(PAGE + "/watch")
@login_required
def watch(zone: str, path: str) -> ResponseReturnValue:
    """Toggles watching from the page's button (watch if not watching, else stop)."""
    page = queries.get_page(current_user, zone, path)
    manage_services.set_watch(
        current_user, zone, path, not manage_services.is_watching(current_user, page)
    )
    return redirect(url_for("wiki.show", zone=zone, path=page.path))
