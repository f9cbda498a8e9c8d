"""Wiki pages as search documents: the latest revision of every page that is not deleted."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from innovationzone.extensions import db
from innovationzone.search.documents import SearchDocument, register_model_source
from innovationzone.wiki.models import Page, Revision
from innovationzone.wiki.naming import page_url
from innovationzone.wiki.services import revision_of


def _document(page: Page | None) -> SearchDocument | None:
    if page is None or page.is_deleted:
        return None
    revision = revision_of(page, page.revision)
    return _with_body(page, revision.body if revision else "")


def _documents(pages: list[Page]) -> list[SearchDocument | None]:
    """The pages' documents with their current revisions' bodies in one query, for the
    indexer's batches."""
    live = [page for page in pages if not page.is_deleted]
    wanted = [(page.id, page.revision) for page in live]
    bodies = dict.fromkeys(wanted, "")
    if wanted:
        rows = db.session.execute(
            select(Revision.page_id, Revision.number, Revision.body).where(
                tuple_(Revision.page_id, Revision.number).in_(wanted)
            )
        )
        bodies.update({(page_id, number): body for page_id, number, body in rows})
    return [_with_body(page, bodies[(page.id, page.revision)]) for page in live]


def _with_body(page: Page, body: str) -> SearchDocument:
    return SearchDocument(
        type="page",
        id=page.id,
        title=page.title,
        body=body,
        url=page_url(page.zone.slug, page.path),
        zone_id=page.zone_id,
        updated_at=page.updated_at,
        author_ids=tuple({i for i in (page.created_by_id, page.updated_by_id) if i is not None}),
    )


def register() -> None:
    """Registers live pages with search; deleted pages drop out of it."""
    register_model_source(
        "page",
        Page,
        select(Page).where(Page.deleted_at.is_(None)),
        _document,
        eager=(selectinload(Page.zone),),
        to_documents=_documents,
    )
