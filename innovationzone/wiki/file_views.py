"""HTML routes for files: page attachments, and a zone's wiki as a zip (export and import)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.errors import DomainError
from innovationzone.permissions import MANAGE, access_zone
from innovationzone.wiki.attachment_services import attach, open_attachment
from innovationzone.wiki.forms import ImportForm, UploadForm
from innovationzone.wiki.transfer_services import export_zip, import_tree
from innovationzone.wiki.views import PAGE, bp, layout

# An attachment opened directly must never script our origin, whatever a browser guesses.
ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@bp.post(PAGE + "/attachments")
@login_required
def upload(zone: str, path: str) -> ResponseReturnValue:
    """Attaches a file to a page from its page (people who may edit it); a refused file is
    flashed."""
    form = UploadForm()
    if form.validate_on_submit():
        try:
            attachment = attach(
                current_user, zone, path, form.file.data.filename, form.file.data.stream
            )
        except DomainError as error:
            flash(error.text(), "error")
        else:
            flash(
                _(
                    "Attached %(name)s. Show it in the text with ![](%(name)s).",
                    name=attachment.filename,
                )
            )
    else:
        flash(_("Choose a file to upload."), "error")
    return redirect(url_for("wiki.show", zone=zone, path=path))


@bp.get(PAGE + "/files/<name>")
@login_required
def download(zone: str, path: str, name: str) -> ResponseReturnValue:
    """Serves an attachment after the permission check; only images are shown inline, anything
    else is downloaded, so an uploaded HTML file cannot run in the site's origin."""
    attachment, file, content_type, inline = open_attachment(current_user, zone, path, name)
    response = send_file(
        file,
        mimetype=content_type,
        as_attachment=not inline,
        download_name=attachment.filename,
        conditional=True,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/z/<zone>/wiki/_export")
@login_required
def export(zone: str) -> ResponseReturnValue:
    """A zone's live pages and attachments as a zip of Markdown files, for backup or moving
    elsewhere."""
    data = export_zip(current_user, zone)
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{zone}-wiki.zip"'},
    )


@bp.route("/z/<zone>/wiki/_import", methods=["GET", "POST"])
@login_required
def import_zip(zone: str) -> ResponseReturnValue:
    """Imports a zip or folder of Markdown into a zone (curators); every refused or failed file
    is listed in the report."""
    access_zone(current_user, zone, MANAGE)
    form = ImportForm()
    if form.validate_on_submit():
        with tempfile.TemporaryDirectory() as folder:
            archive = Path(folder) / "import.zip"
            form.archive.data.save(archive)
            try:
                report = import_tree(current_user, zone, archive)
            except DomainError as error:
                form.form_errors.append(error.text())
            else:
                flash(
                    _(
                        "Imported %(pages)d pages and %(files)d attachments.",
                        pages=report.pages,
                        files=report.attachments,
                    )
                )
                for problem in report.errors[:20]:
                    flash(problem, "error")
                return redirect(url_for("wiki.index", zone=zone))
    return render_template("wiki/import.html", form=form, **layout(zone))
