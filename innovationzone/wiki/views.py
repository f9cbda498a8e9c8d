"""HTML pages for reading the wiki: a page, its history, diffs, backlinks, recent changes."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from innovationzone.api import page_args, query_int
from innovationzone.permissions import MODERATE, WRITE, access_zone, can
from innovationzone.wiki import queries, tree_queries
from innovationzone.wiki.diff import word_diff
from innovationzone.wiki.forms import RenameForm, RevertForm, UploadForm
from innovationzone.wiki.manage_services import is_watching
from innovationzone.wiki.naming import breadcrumbs, clean_path
from innovationzone.wiki.outline import outline

bp = Blueprint("wiki", __name__)
PAGE = "/z/<zone>/wiki/<path:path>"


def layout(zone_slug: str, path: str = "") -> dict:
    """What every wiki page shows around its content: zone tabs, the branch of the page tree
    that leads to this page (never the whole zone), breadcrumbs."""
    zone = access_zone(current_user, zone_slug)
    return {
        "zone": zone,
        "tree": tree_queries.branch(zone.id, path),
        "crumbs": breadcrumbs(path) if path else [],
        "current_path": path,
        "may_write": can(current_user, WRITE, zone),
        "may_moderate": can(current_user, MODERATE, zone),
    }


@bp.get("/z/<zone>/wiki")
@login_required
def index(zone: str):
    """A zone's wiki start: its recent changes beside the page tree."""
    changes = queries.recent_changes(current_user, zone, limit=15).items
    return render_template("wiki/index.html", changes=changes, **layout(zone))


@bp.get("/z/<zone>/wiki/_pages")
@login_required
def folder(zone: str):
    """The children of one folder (or of the zone), a page at a time: where "more…" and the
    navigation's arrows lead, so every page is reachable without listing the zone."""
    parent = request.args.get("parent", "")
    parent = clean_path(parent) if parent else ""
    limit, cursor = page_args()
    return render_template(
        "wiki/folder.html",
        parent=parent,
        listing=tree_queries.children(current_user, zone, parent, limit=limit, cursor=cursor),
        **layout(zone, parent),
    )


@bp.get("/z/<zone>/wiki/_new")
@login_required
def new(zone: str):
    """The "new page" form lands here: a valid path goes to its editor."""
    path = clean_path(request.args.get("path", ""))
    return redirect(url_for("wiki.edit", zone=zone, path=path))


@bp.get("/z/<zone>/wiki/_changes")
@login_required
def zone_changes(zone: str):
    """Every recent change in one zone, paged by cursor so deep pages stay fast."""
    limit, cursor = page_args()
    listing = queries.recent_changes(current_user, zone, limit=limit, cursor=cursor)
    return render_template(
        "wiki/changes.html", changes=listing.items, next=listing.next, **layout(zone)
    )


@bp.get("/wiki/changes")
@login_required
def all_changes():
    """Recent changes in every zone the user may read, paged."""
    limit, cursor = page_args()
    listing = queries.recent_changes(current_user, limit=limit, cursor=cursor)
    return render_template("wiki/changes.html", changes=listing.items, next=listing.next)


@bp.get(PAGE)
@login_required
def show(zone: str, path: str):
    """A page: its current revision's cached HTML with outline and navigation; a missing page
    offers to create it (404), an old path spelling redirects (301)."""
    page = queries.find_page(current_user, zone, path)
    if page is None:
        return render_template("wiki/missing.html", **layout(zone, clean_path(path))), 404
    if page.path != path:
        return redirect(url_for("wiki.show", zone=zone, path=page.path), 301)
    current = queries.current_revision(page)
    html = queries.revision_html(current)
    return render_template(
        "wiki/page.html",
        page=page,
        html=html,
        outline=outline(html, page.title),
        sections=queries.section_count(current),
        watching=is_watching(current_user, page),
        attachments=queries.attachments(page),
        backlinks=queries.backlinks(current_user, page),
        rename_form=RenameForm(path=page.path),
        upload_form=UploadForm(),
        **layout(zone, page.path),
    )


@bp.get(PAGE + "/history")
@login_required
def history(zone: str, path: str):
    """A page's revisions, newest first and paged, with the form to revert to one; their
    bodies are not loaded (a revision can be a megabyte)."""
    page = queries.get_page(current_user, zone, path)
    limit, cursor = page_args()
    listing = queries.revisions(current_user, zone, path, limit=limit, cursor=cursor)
    return render_template(
        "wiki/history.html",
        page=page,
        revisions=listing.items,
        next=listing.next,
        revert_form=RevertForm(),
        **layout(zone, page.path),
    )


@bp.get(PAGE + "/revisions/<int:number>")
@login_required
def revision(zone: str, path: str, number: int):
    """An old revision rendered as it was (from its cached HTML), with a button to make it
    current again."""
    old = queries.get_revision(current_user, zone, path, number)
    return render_template(
        "wiki/revision.html",
        page=old.page,
        revision=old,
        html=queries.revision_html(old),
        revert_form=RevertForm(revision=number),
        **layout(zone, old.page.path),
    )


@bp.get(PAGE + "/diff")
@login_required
def diff(zone: str, path: str):
    """What changed between two revisions (by default the latest change), word by word."""
    page = queries.get_page(current_user, zone, path)
    new_number = query_int("to", page.revision, minimum=1)
    old_number = query_int("from", max(new_number - 1, 1), minimum=1)
    if old_number > new_number:
        old_number, new_number = new_number, old_number
    old = queries.get_revision(current_user, zone, path, old_number)
    new = queries.get_revision(current_user, zone, path, new_number)
    pieces = word_diff(old.body, new.body)
    return render_template(
        "wiki/diff.html",
        page=page,
        old=old,
        new=new,
        pieces=pieces,
        title_changed=old.title != new.title,
        **layout(zone, page.path),
    )


@bp.get(PAGE + "/backlinks")
@login_required
def backlinks(zone: str, path: str):
    """The pages linking here that the reader may read."""
    page = queries.get_page(current_user, zone, path)
    return render_template(
        "wiki/backlinks.html",
        page=page,
        backlinks=queries.backlinks(current_user, page),
        **layout(zone, page.path),
    )
