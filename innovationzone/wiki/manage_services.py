"""Changing a page other than by editing: revert, rename, delete, restore, watch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from innovationzone.accounts.models import User
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import Conflict, ValidationError
from innovationzone.permissions import MODERATE, WRITE, require
from innovationzone.search.indexer import queue
from innovationzone.wiki import tree_services
from innovationzone.wiki.models import Page, Redirect, Revision, Watch
from innovationzone.wiki.naming import clean_path
from innovationzone.wiki.queries import get_page, get_revision
from innovationzone.wiki.services import is_watching, refresh_linking_pages, save_page


def revert_page(user: User, zone_slug: str, path: str, number: object) -> tuple[Page, Revision]:
    """A new revision equal to revision `number`: history is never rewritten."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValidationError(_l("'revision' must be a revision number."), field="revision")
    old = get_revision(user, zone_slug, path, number)
    page = old.page
    page, revision, _merged = save_page(
        user,
        zone_slug,
        page.path,
        old.title,
        old.body,
        base_revision=page.revision,
        summary=f"Reverted to revision {number}",
    )
    return page, revision


def rename_page(user: User, zone_slug: str, path: str, new_path: object) -> Page:
    """Moves a page for someone who may write; the old path redirects to it, and a taken path is
    409 (deleted pages count, so they can still be restored)."""
    page = get_page(user, zone_slug, path)
    require(user, WRITE, page)
    new_path = clean_path(new_path)
    if new_path == page.path:
        return page
    with write_transaction() as session:
        taken = session.scalar(
            select(Page.id).where(Page.zone_id == page.zone_id, Page.path == new_path)
        )
        if taken:
            raise Conflict(
                _l("A page '%(path)s' exists already (perhaps deleted).", path=new_path),
                code="duplicate",
            )
        old_path = page.path
        session.execute(
            delete(Redirect).where(Redirect.zone_id == page.zone_id, Redirect.path == new_path)
        )
        session.add(Redirect(zone_id=page.zone_id, path=old_path, page_id=page.id))
        page.path = new_path
        tree_services.sync(session, page.zone_id, old_path)
        tree_services.sync(session, page.zone_id, new_path)
        refresh_linking_pages(session, page.zone.slug, new_path)
        queue("page", page.id)
    return page


def delete_page(user: User, zone_slug: str, path: str) -> Page:
    """Anyone who may write may delete; it is only hidden, and curators can restore it."""
    page = get_page(user, zone_slug, path)
    require(user, WRITE, page)
    with write_transaction() as session:
        page.deleted_at, page.deleted_by_id = utcnow(), user.id
        tree_services.sync(session, page.zone_id, page.path)
        refresh_linking_pages(session, page.zone.slug, page.path)
        queue("page", page.id)
    return page


def restore_page(user: User, zone_slug: str, path: str) -> Page:
    """A curator (MODERATE) brings a deleted page back, with its place in the tree, links and
    search entry."""
    page = get_page(user, zone_slug, path, deleted_too=True)
    require(user, MODERATE, page)
    with write_transaction() as session:
        page.deleted_at = page.deleted_by_id = None
        tree_services.sync(session, page.zone_id, page.path)
        refresh_linking_pages(session, page.zone.slug, page.path)
        queue("page", page.id)
    return page


def set_watch(user: User, zone_slug: str, path: str, watch: bool) -> Page:
    """Starts or stops watching a readable page; both are idempotent."""
    page = get_page(user, zone_slug, path)
    with write_transaction() as session:
        if watch and not is_watching(user, page):
            session.add(Watch(page_id=page.id, user_id=user.id))
        elif not watch:
            session.execute(delete(Watch).where(Watch.page_id == page.id, Watch.user_id == user.id))
    return page
