"""JSON API for wiki pages, as in the contract: list, get, save with a base revision, history,
revert and backlinks."""

from __future__ import annotations

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone.api import api_blueprint, json_body, page_args, query_int, signed_in
from innovationzone.db import isoformat
from innovationzone.errors import ValidationError
from innovationzone.wiki import manage_services, queries, tree_queries
from innovationzone.wiki.attachment_services import attach
from innovationzone.wiki.models import Page, Revision
from innovationzone.wiki.naming import clean_path
from innovationzone.wiki.services import latest_revision, save_page
from innovationzone.wiki.title_queries import complete_titles

bp = api_blueprint("wiki_api", __name__)
PAGE = "/zones/<zone>/pages/<path:path>"


def page_dict(page: Page, revision: Revision | None = None) -> dict:
    """A page as the API answers it: current title, Markdown and sanitised HTML, so a client can
    edit or show it without a second request. A save passes the revision it just wrote, so its
    answer reads nothing back."""
    revision = revision or latest_revision(page)
    return {
        "id": page.id,
        "zone": page.zone.slug,
        "path": page.path,
        "title": page.title,
        "body": revision.body,
        "html": revision.html if revision.html is not None else queries.current_html(page),
        "revision": page.revision,
        "updated_at": isoformat(page.updated_at),
        "updated_by": page.updated_by.username if page.updated_by else None,
    }


@bp.get("/zones/<zone>/pages")
@signed_in
def list_pages(zone: str) -> ResponseReturnValue:
    """A readable zone's live pages by path, paged."""
    limit, cursor = page_args()
    listing = queries.pages_of(current_user, zone, limit=limit, cursor=cursor)
    return {"pages": [page.summary_dict() for page in listing.items], "next": listing.next}


@bp.get("/zones/<zone>/tree")
@signed_in
def tree(zone: str) -> ResponseReturnValue:
    """One folder's children (`parent`, default the zone's top level), for navigation on demand."""
    raw = request.args.get("parent", "")
    limit, cursor = page_args()
    listing = tree_queries.children(
        current_user, zone, clean_path(raw) if raw else "", limit=limit, cursor=cursor
    )
    return {
        "nodes": [
            {
                "path": node.path,
                "title": node.label,
                "is_page": node.is_page,
                "has_children": node.has_children,
            }
            for node in listing.items
        ],
        "next": listing.next,
    }


@bp.get(PAGE)
@signed_in
def get_page(zone: str, path: str) -> ResponseReturnValue:
    """One page with its current text; a page in a zone the caller may not read is 404."""
    return page_dict(queries.get_page(current_user, zone, path))


@bp.put(PAGE)
@signed_in
def put_page(zone: str, path: str) -> ResponseReturnValue:
    """Creates or saves a page. `base_revision` names what the edit started from: a stale base is
    merged, overlapping edits are 409 with both versions. 201 when created."""
    data = json_body()
    page, revision, merged = save_page(
        current_user,
        zone,
        path,
        data.get("title"),
        data.get("body"),
        data.get("base_revision"),
        data.get("summary") or "",
    )
    created = data.get("base_revision") is None  # a null base only succeeds by creating the page
    return {**page_dict(page, revision), "merged": merged}, 201 if created else 200


@bp.get(PAGE + "/revisions")
@signed_in
def list_revisions(zone: str, path: str) -> ResponseReturnValue:
    """A page's history, newest first, without the bodies (they can be large)."""
    limit, cursor = page_args()
    listing = queries.revisions(current_user, zone, path, limit=limit, cursor=cursor)
    return {"revisions": [revision.to_dict() for revision in listing.items], "next": listing.next}


@bp.get(PAGE + "/revisions/<int:number>")
@signed_in
def get_revision(zone: str, path: str, number: int) -> ResponseReturnValue:
    """One old revision with its text, for comparing or restoring."""
    revision = queries.get_revision(current_user, zone, path, number)
    return {**revision.to_dict(), "title": revision.title, "body": revision.body}


@bp.post(PAGE + "/revert")
@signed_in
def revert(zone: str, path: str) -> ResponseReturnValue:
    """Makes an old revision current again as a new revision: history is never rewritten."""
    page, _revision = manage_services.revert_page(
        current_user, zone, path, json_body().get("revision")
    )
    return page_dict(page)


@bp.get(PAGE + "/backlinks")
@signed_in
def backlinks(zone: str, path: str) -> ResponseReturnValue:
    """Pages that link to this one and that the caller may read, by title, a page at a time."""
    page = queries.get_page(current_user, zone, path)
    limit, cursor = page_args()
    listing = queries.backlinks(current_user, page, limit=limit, cursor=cursor)
    return {
        "backlinks": [{"zone": p.zone.slug, **p.summary_dict()} for p in listing.items],
        "next": listing.next,
    }


@bp.post(PAGE + "/rename")
@signed_in
def rename(zone: str, path: str) -> ResponseReturnValue:
    """Moves a page to a new path; links to the old path keep working."""
    return page_dict(manage_services.rename_page(current_user, zone, path, json_body().get("path")))


@bp.delete(PAGE)
@signed_in
def delete(zone: str, path: str) -> ResponseReturnValue:
    """Deletes a page (hidden, restorable by a curator), 204."""
    manage_services.delete_page(current_user, zone, path)
    return "", 204


@bp.post(PAGE + "/restore")
@signed_in
def restore(zone: str, path: str) -> ResponseReturnValue:
    """A curator brings a deleted page back, with its links and search entry."""
    return page_dict(manage_services.restore_page(current_user, zone, path))


@bp.put(PAGE + "/watch")
@signed_in
def watch(zone: str, path: str) -> ResponseReturnValue:
    """Watch a page: its changes arrive as notifications (idempotent)."""
    manage_services.set_watch(current_user, zone, path, True)
    return {"watching": True}


@bp.delete(PAGE + "/watch")
@signed_in
def unwatch(zone: str, path: str) -> ResponseReturnValue:
    """Stop watching a page (idempotent)."""
    manage_services.set_watch(current_user, zone, path, False)
    return {"watching": False}


@bp.get("/search/titles")
@signed_in
def titles() -> ResponseReturnValue:
    """Completion for the header's search box: readable pages by the start of a title word.
    Under /search for the box that calls it; owned by the wiki, whose titles it reads."""
    limit = query_int("limit", 8, minimum=1, maximum=20)
    found = complete_titles(current_user, request.args.get("q", ""), limit)
    return {"results": found, "next": None}


@bp.post(PAGE + "/attachments")
@signed_in
def upload_attachment(zone: str, path: str) -> ResponseReturnValue:
    """A file for the page (multipart field `file`), e.g. an image pasted into the editor."""
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError(_l("Send the file as the multipart field 'file'."), field="file")
    attachment = attach(current_user, zone, path, upload.filename or "", upload.stream)
    page = attachment.page
    return {
        "filename": attachment.filename,
        "size": attachment.size,
        "url": url_for(
            "wiki.download", zone=page.zone.slug, path=page.path, name=attachment.filename
        ),
        "markdown": f"![]({attachment.filename})",
    }, 201
