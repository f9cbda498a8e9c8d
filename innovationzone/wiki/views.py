"""HTML pages for reading the wiki: a page, its history, diffs, backlinks, recent changes."""

from __future__ import annotations

from functools import lru_cache, partial

from flask import (
    Blueprint,
    Response,
    current_app,
    get_flashed_messages,
    get_template_attribute,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import escape
from werkzeug.http import parse_accept_header

from innovationzone.accounts.auth import page_csrf_token, signed_in_reading
from innovationzone.accounts.models import User
from innovationzone.api import page_args, query_int
from innovationzone.html_pieces import gzipped, plain, slot
from innovationzone.permissions import MODERATE, WRITE, access_zone, can
from innovationzone.wiki import page_cache, queries, tree_queries
from innovationzone.wiki.diff import word_diff
from innovationzone.wiki.forms import RenameForm, RevertForm, UploadForm
from innovationzone.wiki.models import Page
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
def index(zone: str) -> ResponseReturnValue:
    """A zone's wiki start: its recent changes beside the page tree."""
    changes = queries.recent_changes(current_user, zone, limit=15).items
    return render_template("wiki/index.html", changes=changes, **layout(zone))


@bp.get("/z/<zone>/wiki/_pages")
@login_required
def folder(zone: str) -> ResponseReturnValue:
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
def new(zone: str) -> ResponseReturnValue:
    """The "new page" form lands here: a valid path goes to its editor."""
    path = clean_path(request.args.get("path", ""))
    return redirect(url_for("wiki.edit", zone=zone, path=path))


@bp.get("/z/<zone>/wiki/_changes")
@login_required
def zone_changes(zone: str) -> ResponseReturnValue:
    """Every recent change in one zone, paged by cursor so deep pages stay fast."""
    limit, cursor = page_args()
    listing = queries.recent_changes(current_user, zone, limit=limit, cursor=cursor)
    return render_template(
        "wiki/changes.html", changes=listing.items, next=listing.next, **layout(zone)
    )


@bp.get("/wiki/changes")
@login_required
def all_changes() -> ResponseReturnValue:
    """Recent changes in every zone the user may read, paged."""
    limit, cursor = page_args()
    listing = queries.recent_changes(current_user, limit=limit, cursor=cursor)
    return render_template("wiki/changes.html", changes=listing.items, next=listing.next)


@bp.get(PAGE)
def show(zone: str, path: str) -> ResponseReturnValue:
    """A page, served from the page cache when this version of it was rendered for the reader's
    class (wiki.page_cache); else rendered, kept, and served the same way. A missing page offers
    to create it (404), an old path spelling redirects (301). Signing in is required as with
    `@login_required`; the reader's credential statement also reads what the visit needs."""
    user, row = signed_in_reading(page_cache.visit_columns, {"slug": zone, "path": path})
    at = page_cache.visit(user, row, zone, path, str(get_locale()))
    entry = page_cache.page(at)
    if entry is None:
        page = queries.find_page(user, zone, path)
        if page is None:
            return render_template("wiki/missing.html", **layout(zone, clean_path(path))), 404
        if page.path != path:
            return redirect(url_for("wiki.show", zone=zone, path=page.path), 301)
        entry = _keep_page(at, page)
    kept = page_cache.reader(at) or _keep_reader(at, user)
    return _serve(at, entry, kept)


def _keep_page(at: page_cache.Visit, page: Page) -> page_cache.Entry:
    macro = partial(get_template_attribute, "wiki/_backlinks.html")
    with page_cache.rendering():
        current = queries.current_revision(page)
        html = queries.revision_html(current)
        around = layout(at.zone_slug, page.path)
        text = render_template(
            "wiki/page.html",
            page=page,
            html=html,
            outline=outline(html, page.title),
            sections=queries.section_count(current),
            attachments=queries.attachments(page),
            rename_form=RenameForm(path=page.path),
            upload_form=UploadForm(),
            slot=slot,
            **around,
        )
        mark_reviewed = str(get_template_attribute("wiki/_review.html", "mark_reviewed")(page))
    item, label = macro("backlink_item"), macro("watch_label")
    zone = around["zone"]
    sources = queries.linking_pages(page)
    # A full list may have been cut short: a reader who may read none of the pages kept may
    # still read one after them, so they are not told that nothing links here (the link to all
    # pages linking here follows the list).
    cut = len(sources) == queries.BACKLINKS_SHOWN
    return page_cache.keep_page(
        at,
        text,
        [(source.zone_id, str(item(source, zone))) for source in sources],
        "" if cut else str(macro("no_backlinks")()),
        (str(label(False)), str(label(True))),
        mark_reviewed,
    )


def _keep_reader(at: page_cache.Visit, user: User) -> page_cache.Reader:
    with page_cache.rendering():
        main_nav = render_template("_partials/main_nav.html", slot=slot)
    return page_cache.keep_reader(at, user, main_nav)


def _serve(at: page_cache.Visit, entry: page_cache.Entry, kept: page_cache.Reader) -> Response:
    flashed = get_flashed_messages(with_categories=True) if "_flashes" in session else []
    values = {
        "csrf": page_csrf_token(),
        "notif_count": _badge(at.unread),
        "watch": entry.watch_labels[at.watching],
        "backlinks": entry.backlinks_for(kept.readable),
        "next": str(escape(request.full_path if request.query_string else request.path)),
        "flashes": str(_header("flashes")(flashed)) if flashed else "",
    }
    environ = request.environ
    gzip = _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
    tag = page_cache.etag(at, entry, kept, values) + (":gzip" if gzip else "")
    # Parsed only when sent: most views carry no validator.
    if "HTTP_IF_NONE_MATCH" in environ and request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        parts = entry.pieces.flatten({**values, **page_cache.reader_pieces(at, entry, kept)})
        response = Response(gzipped(parts) if gzip else plain(parts), mimetype="text/html")
        if gzip:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag)
    return response


_header = partial(get_template_attribute, "_macros/header.html")
BADGES_KEPT = 100


def _badge(unread: int) -> str:
    """The header's unread badge: the same macro as every other page's, its output kept per
    count with the app (the macro's lookup and call were ~1 % of a cached view)."""
    badges = current_app.extensions.setdefault("iz_unread_badges", {})
    badge = badges.get(unread)
    if badge is None:
        badge = str(_header("notif_badge")(unread))
        if len(badges) < BADGES_KEPT:
            badges[unread] = badge
    return badge


@lru_cache(maxsize=64)
def _accepts_gzip(header: str) -> bool:
    # A client sends the same Accept-Encoding on every request: parsed once per value (bounded,
    # the header is the client's to choose), as request.accept_encodings would parse it.
    return parse_accept_header(header).quality("gzip") > 0


@bp.get(PAGE + "/history")
@login_required
def history(zone: str, path: str) -> ResponseReturnValue:
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
def revision(zone: str, path: str, number: int) -> ResponseReturnValue:
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
def diff(zone: str, path: str) -> ResponseReturnValue:
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
def backlinks(zone: str, path: str) -> ResponseReturnValue:
    """The pages linking here that the reader may read, by title, a page at a time."""
    page = queries.get_page(current_user, zone, path)
    limit, cursor = page_args()
    listing = queries.backlinks(current_user, page, limit=limit, cursor=cursor)
    return render_template(
        "wiki/backlinks.html",
        page=page,
        backlinks=listing.items,
        next=listing.next,
        **layout(zone, page.path),
    )
