"""Saving wiki pages: every save is a revision, and no save silently overwrites another.

A save names the revision it started from. If someone saved meanwhile, the edits are merged
three-way; overlapping edits raise Conflict with both versions. Rendering (up to the render
time limit) happens before the write lock is taken; if the page moved on while we rendered,
we merge and render again rather than hold the lock for it.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from innovationzone.accounts.models import User
from innovationzone.accounts.services import users_named
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import Conflict, TooLarge, ValidationError
from innovationzone.extensions import db
from innovationzone.feed.services import record
from innovationzone.markdown import extract_mentions
from innovationzone.notifications.services import notify
from innovationzone.permissions import WRITE, access_zone
from innovationzone.search.indexer import queue
from innovationzone.wiki import tree_services
from innovationzone.wiki.merge import merge_text, merge_title
from innovationzone.wiki.models import Backlink, Page, Revision, Watch
from innovationzone.wiki.naming import clean_path, page_url, title_from_path
from innovationzone.wiki.rendering import link_targets, render_page
from innovationzone.zones.models import Zone

ATTEMPTS = 5


def clean_title(title: object, path: str) -> str:
    """A title of at most 200 characters on one line; none given means the one from the path."""
    if title is None or (isinstance(title, str) and not title.strip()):
        return title_from_path(path)
    if not isinstance(title, str) or len(title.strip()) > 200:
        raise ValidationError(
            _l("The title must be text of at most 200 characters."), field="title"
        )
    return " ".join(title.split())


def clean_body(body: object) -> str:
    """The body as text with Unix line ends, within WIKI_MAX_PAGE_BYTES (413 otherwise), so
    merges and diffs compare like with like."""
    if not isinstance(body, str):
        raise ValidationError(_l("The body must be text."), field="body")
    body = body.replace("\r\n", "\n")
    limit = current_app.config.get("WIKI_MAX_PAGE_BYTES", 1_000_000)
    if len(body.encode("utf-8")) > limit:
        raise TooLarge(
            _l(
                "Pages are limited to %(kb)s kB; split this one into several pages.",
                kb=limit // 1000,
            )
        )
    return body


def _clean_base(base: object) -> int | None:
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, int) or base < 1:
        raise ValidationError(
            _l("'base_revision' must be a revision number or null."), field="base_revision"
        )
    return base


def revision_of(page: Page, number: int) -> Revision | None:
    """Revision `number` of a page, or None when it never had that number."""
    return db.session.scalar(
        select(Revision).where(Revision.page_id == page.id, Revision.number == number)
    )


def latest_revision(page: Page) -> Revision:
    """The revision the page shows now. It always exists: a page is only written together with
    the revision of its number (`_write`), so a missing one is a broken database, not a 404."""
    revision = revision_of(page, page.revision)
    if revision is None:
        raise LookupError(f"Page {page.id} has no revision {page.revision}.")
    return revision


def _conflict(
    message: LazyString, page: Page, base: int | None, title: str, body: str, merged: str = ""
) -> Conflict:
    current = latest_revision(page)
    return Conflict(
        message,
        current_revision=page.revision,
        base_revision=base,
        current={"title": current.title, "body": current.body},
        yours={"title": title, "body": body},
        merged=merged,
    )


def _reconcile(page: Page | None, base: int | None, title: str, body: str) -> tuple[str, str, bool]:
    """What to save given the page as it is now: (title, body, merged) or Conflict."""
    if page is None or page.is_deleted:
        if base is not None and page is None:
            raise Conflict(_l("This page does not exist (any more)."), current_revision=None)
        return title, body, False
    if base is None:
        raise _conflict(_l("A page with this path exists already."), page, base, title, body)
    if base == page.revision:
        return title, body, False
    base_rev, current = revision_of(page, base), latest_revision(page)
    if base_rev is None:
        raise _conflict(_l("The base revision does not exist."), page, base, title, body)
    # the conflict's markers are edited away by the writer: labelled in their language
    labels = (_("saved meanwhile"), _("your edit"))
    result = merge_text(base_rev.body, current.body, body, labels)
    merged_title = merge_title(base_rev.title, current.title, title)
    if not result.clean or merged_title is None:
        raise _conflict(
            _l("Someone saved this page while you were editing, changing the same lines."),
            page,
            base,
            title,
            body,
            merged=result.text,
        )
    return merged_title, result.text, True


def preview(user: User, zone_slug: str, path: str, body: object) -> str:
    """The editor's live preview: the same renderer and sanitiser as a save."""
    zone = access_zone(user, zone_slug, WRITE)
    return render_page(zone.slug, clean_path(path), clean_body(body))


def _find(zone: Zone, path: str, lock: bool = False) -> Page | None:
    query = select(Page).where(Page.zone_id == zone.id, Page.path == path)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def save_page(
    user: User,
    zone_slug: str,
    path: str,
    title: str | None,
    body: object,
    base_revision: object,
    summary: str = "",
) -> tuple[Page, Revision, bool]:
    """Save a page as a new revision, never overwriting a save the caller did not see.

    `base_revision` names the revision the edit started from (None: a new page). If someone
    saved meanwhile the edits are merged three-way; overlapping edits raise Conflict with both
    versions. Answers (page, revision, merged). `body` and `base_revision` may be raw JSON
    values: they are validated here, so the API and the form get the same field errors."""
    zone = access_zone(user, zone_slug, WRITE)
    path, body, base = clean_path(path), clean_body(body), _clean_base(base_revision)
    title = clean_title(title, path)
    summary = " ".join(str(summary or "").split())[:300]
    for _attempt in range(ATTEMPTS):
        seen = _find(zone, path)
        seen_revision = (seen.revision, seen.is_deleted) if seen else None
        new_title, new_body, merged = _reconcile(seen, base, title, body)
        html = render_page(zone.slug, path, new_body)
        try:
            # expire=False: the page is re-read under the lock below; the zone, the user and
            # what this save writes stay loaded, so neither the write nor the answer reloads them.
            with write_transaction(expire=False) as session:
                page = _find(zone, path, lock=True)
                if ((page.revision, page.is_deleted) if page else None) != seen_revision:
                    continue  # saved meanwhile: merge against the newer revision, outside the lock
                return (
                    *_write(session, user, zone, page, path, new_title, new_body, html, summary),
                    merged,
                )
        except IntegrityError:  # PostgreSQL: a simultaneous first save of this path won
            db.session.rollback()
    raise Conflict(
        _l("This page is being saved by many people at once; try again."), current_revision=None
    )


def _write(
    session: Session,
    user: User,
    zone: Zone,
    page: Page | None,
    path: str,
    title: str,
    body: str,
    html: str,
    summary: str,
) -> tuple[Page, Revision]:
    created = page is None or page.is_deleted
    brand_new = page is None  # nothing refers to it yet: no links, watches or nodes to compare
    previous: Revision | None = None
    if page is None:
        # inserted as revision 1 at once: one INSERT, not an INSERT and an UPDATE of the number
        page = Page(
            zone_id=zone.id,
            path=path,
            title=title,
            revision=1,
            created_by_id=user.id,
            updated_by_id=user.id,
            updated_at=utcnow(),
        )
        session.add(page)
        session.flush()  # its id, for the revision and the links
        retitled = True
    else:
        previous = latest_revision(page)
        if not created and page.title == title and previous.body == body:
            return page, previous  # nothing changed: no empty revision
        retitled = created or page.title != title
        page.revision += 1
        page.title, page.updated_by_id, page.updated_at, page.deleted_at = (
            title,
            user.id,
            utcnow(),
            None,
        )
    revision = Revision(
        page_id=page.id,
        number=page.revision,
        title=title,
        body=body,
        summary=summary,
        author_id=user.id,
        html=html,
    )
    session.add(revision)
    if retitled:  # an edit under the same title leaves the page tree as it was
        tree_services.sync(session, zone.id, path)
    queue("page", page.id)
    _store_links(session, page, zone.slug, body, brand_new)
    if created:
        refresh_linking_pages(session, zone.slug, path)
        # whoever starts a page hears about changes to it
        if brand_new or not is_watching(user, page):
            session.add(Watch(page_id=page.id, user_id=user.id))
    url = page_url(zone.slug, path)
    record(
        "page",
        page.id,
        zone=zone,
        actor=user,
        title=title,
        url=url,
        summary=summary,
        coalesce=not created,
    )
    told = _notify_new_mentions(user, page, previous.body if previous else "", body, url)
    watchers = (
        []
        if brand_new  # its one watcher is the author, whom notify skips anyway
        else session.scalars(
            select(User)
            .join(Watch, Watch.user_id == User.id)
            .where(Watch.page_id == page.id, User.id.not_in(told))  # a mention says more
        ).all()
    )
    notify(
        watchers,
        kind="page_changed",
        actor=user,
        about=page,
        object_type="page",
        object_id=page.id,
        title=title,
        url=url,
    )
    return page, revision


def _notify_new_mentions(user: User, page: Page, before: str, after: str, url: str) -> set[int]:
    """Only the revision that adds an @mention notifies, so saving the page again with it tells
    nobody twice. Answers whom it told."""
    added = extract_mentions(after) - extract_mentions(before)
    told = notify(
        users_named(added),
        kind="mention",
        actor=user,
        about=page,
        object_type="page",
        object_id=page.id,
        title=page.title,
        url=url,
    )
    return {notification.user_id for notification in told}


def is_watching(user: User, page: Page) -> bool:
    """Whether the user watches the page, for the watch button and for starting a watch on first
    save."""
    return (
        db.session.scalar(
            select(Watch.id).where(Watch.page_id == page.id, Watch.user_id == user.id)
        )
        is not None
    )


def _store_links(session: Session, page: Page, zone_slug: str, body: str, brand_new: bool) -> None:
    """The page's backlink rows become its body's links, writing only the difference: most edits
    change no link and then write nothing here."""
    wanted = {(zone, path[:255]) for zone, path in link_targets(zone_slug, body)}
    stored: dict[tuple[str, str], int] = (
        {}
        if brand_new
        else {
            (row.target_zone, row.target_path): row.id
            for row in session.execute(
                select(Backlink.id, Backlink.target_zone, Backlink.target_path).where(
                    Backlink.source_id == page.id
                )
            )
        }
    )
    gone = [row_id for target, row_id in stored.items() if target not in wanted]
    if gone:
        session.execute(delete(Backlink).where(Backlink.id.in_(gone)))
    added = sorted(wanted - stored.keys())
    if added:  # one executemany: a new page's links were an INSERT ... RETURNING each
        session.execute(
            insert(Backlink),
            [{"source_id": page.id, "target_zone": z, "target_path": p} for z, p in added],
        )


def refresh_linking_pages(session: Session, zone_slug: str, path: str) -> None:
    """A page appeared or vanished: pages linking to it re-render on their next view. The linking
    pages are read first: mostly there are none (a new page nobody links to yet), and then
    nothing is written."""
    sources = set(
        session.scalars(
            select(Backlink.source_id).where(
                Backlink.target_zone == zone_slug, Backlink.target_path == path
            )
        )
    )
    if sources:
        session.execute(
            update(Revision)
            .where(Revision.page_id.in_(sources))
            .values(html=None)
            .execution_options(synchronize_session=False)
        )
