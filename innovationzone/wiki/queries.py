"""Reading the wiki: pages, revisions, backlinks, recent changes; always through permissions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import defer, joinedload

from innovationzone.accounts.models import User
from innovationzone.db import write_transaction
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.html_pieces import BoundedCache
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import MODERATE, READ, access_zone, can, readable_zone_ids_query
from innovationzone.wiki import sections
from innovationzone.wiki.models import Attachment, Backlink, Page, Redirect, Revision
from innovationzone.wiki.naming import clean_path
from innovationzone.wiki.rendering import render_page
from innovationzone.wiki.services import revision_of


def get_page(user: User, zone_slug: str, path: str, *, deleted_too: bool = False) -> Page:
    """The page at `path` or the page renamed away from it; deleted ones only for curators."""
    zone = access_zone(user, zone_slug, READ)
    path = clean_path(path)
    page = db.session.scalar(select(Page).where(Page.zone_id == zone.id, Page.path == path))
    if page is None:
        page = db.session.scalar(
            select(Page)
            .join(Redirect, Redirect.page_id == Page.id)
            .where(Redirect.zone_id == zone.id, Redirect.path == path)
        )
    if page is None or (page.is_deleted and not (deleted_too and can(user, MODERATE, zone))):
        raise NotFound(_l("No such page."))
    return page


def find_page(user: User, zone_slug: str, path: str) -> Page | None:
    """Like get_page, but None for a missing page (the "create it" case)."""
    try:
        return get_page(user, zone_slug, path)
    except NotFound:
        access_zone(user, zone_slug, READ)  # a missing zone stays a 404
        return None


def revision_html(revision: Revision) -> str:
    """The cached HTML of a revision, rendered again only if a link target changed since."""
    if revision.html is None:
        page = revision.page
        html = render_page(page.zone.slug, page.path, revision.body)
        with write_transaction():
            revision.html = html
    return revision.html


def current_html(page: Page) -> str:
    """The page's current HTML, from the cache unless a link target changed since it was
    rendered."""
    return revision_html(current_revision(page))


def current_revision(page: Page) -> Revision:
    """The page's latest revision; its body loads only if needed (a 1 MB body is rarely read)."""
    return db.session.execute(
        select(Revision)
        .options(defer(Revision.body))
        .where(Revision.page_id == page.id, Revision.number == page.revision)
    ).scalar_one()


# A revision never changes, so its section count is counted once per process, not per view.
# The key includes the creation time so a reused id (a test database, a restore) never matches.
SECTION_COUNTS_KEPT = 4096
_section_counts: BoundedCache[tuple, int] = BoundedCache(SECTION_COUNTS_KEPT)


def section_count(revision: Revision) -> int:
    """How many editable sections a revision has, counted once per process since a revision never
    changes."""
    key = (revision.id, revision.page_id, revision.number, revision.created_at)
    found = _section_counts.get(key)
    if found is None:
        found = sections.count(revision.body)
        _section_counts.put(key, found)
    return found


def attachments(page: Page) -> list[Attachment]:
    """A page's files by name, for its page and the export."""
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.page_id == page.id).order_by(Attachment.filename)
        )
    )


def list_pages(user: User, zone_slug: str) -> list[Page]:
    """All live pages of a readable zone by path, for the export and the page list."""
    zone = access_zone(user, zone_slug, READ)
    return list(
        db.session.scalars(
            select(Page)
            .where(Page.zone_id == zone.id, Page.deleted_at.is_(None))
            .order_by(Page.path)
        )
    )


def pages_of(
    user: User, zone_slug: str, *, limit: int, cursor: str | None, deleted: bool = False
) -> ListPage:
    """A zone's pages in path order, a page of the list at a time: its live pages for whoever
    may read the zone, or with `deleted` its deleted pages, with who deleted each, for its
    curators to restore (anyone else gets the zone's 403 or 404)."""
    zone = access_zone(user, zone_slug, MODERATE if deleted else READ)
    query = select(Page).where(Page.zone_id == zone.id)
    if deleted:
        query = query.options(joinedload(Page.deleted_by)).where(Page.deleted_at.is_not(None))
    else:
        query = query.where(Page.deleted_at.is_(None))
    return keyset(query, (Page.path,), limit=limit, cursor=cursor, descending=False)


def revisions(
    user: User, zone_slug: str, path: str, *, limit: int, cursor: str | None = None
) -> ListPage:
    """A page's history, newest first; bodies stay unloaded (a list never shows them)."""
    page = get_page(user, zone_slug, path)
    query = (
        select(Revision)
        .options(defer(Revision.body), defer(Revision.html), joinedload(Revision.author))
        .where(Revision.page_id == page.id)
    )
    return keyset(query, (Revision.number,), limit=limit, cursor=cursor)


def get_revision(user: User, zone_slug: str, path: str, number: int) -> Revision:
    """One revision of a readable page; 404 for a number the page never had."""
    revision = revision_of(get_page(user, zone_slug, path), number)
    if revision is None:
        raise NotFound(_l("No revision %(number)s of this page.", number=number))
    return revision


BACKLINKS_SHOWN = 50  # "What links here" on a page; the backlinks page lists them all


def _linking(page: Page) -> Select[Page]:
    """Live pages from any zone that link here with [[...]]."""
    return (
        select(Page)
        .join(Backlink, Backlink.source_id == Page.id)
        .options(joinedload(Page.zone))
        .where(
            Backlink.target_zone == page.zone.slug,
            Backlink.target_path == page.path,
            Page.deleted_at.is_(None),
        )
    )


def backlinks(user: User, page: Page, *, limit: int, cursor: str | None = None) -> ListPage:
    """Pages the user may read that link here with [[...]], by title, a page of them at a time:
    a much-linked page (a glossary, the start page) may have thousands."""
    readable = Page.zone_id.in_(readable_zone_ids_query(user))
    query = _linking(page).where(readable)
    return keyset(query, (Page.title, Page.id), limit=limit, cursor=cursor, descending=False)


def linking_pages(page: Page) -> list[Page]:
    """The first BACKLINKS_SHOWN live pages that link here, by title, for the page cache to keep
    with the page: it shows each reader only those from zones they may read
    (permissions.readable_zone_ids), and links to the whole list (`backlinks`), so a glossary
    linked from thousands of pages still costs a bounded view."""
    query = _linking(page).order_by(Page.title, Page.id).limit(BACKLINKS_SHOWN)
    return list(db.session.scalars(query))


def recent_changes(
    user: User, zone_slug: str | None = None, *, limit: int, cursor: str | None = None
) -> ListPage:
    """Newest revisions the user may read, a page at a time; page, zone and author come in the
    same query and bodies stay unloaded, so the list costs one query whatever its length."""
    query = (
        select(Revision)
        .join(Page, Revision.page_id == Page.id)
        .options(
            defer(Revision.body),
            defer(Revision.html),
            joinedload(Revision.page).joinedload(Page.zone),
            joinedload(Revision.author),
        )
        .where(Page.deleted_at.is_(None), Page.zone_id.in_(readable_zone_ids_query(user)))
    )
    if zone_slug is not None:
        query = query.where(Page.zone_id == access_zone(user, zone_slug, READ).id)
    return keyset(query, (Revision.created_at, Revision.id), limit=limit, cursor=cursor)
