"""Wiki pages as search documents: the latest revision of every page that is not deleted."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.search.documents import SearchDocument, register_model_source
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import page_url
from innovationzone.wiki.services import revision_of


def _document(page: Page | None) -> SearchDocument | None:
    if page is None or page.is_deleted:
        return None
    revision = revision_of(page, page.revision)
    return SearchDocument(
        type="page",
        id=page.id,
        title=page.title,
        body=revision.body if revision else "",
        url=page_url(page.zone.slug, page.path),
        zone_id=page.zone_id,
        updated_at=page.updated_at,
        author_ids=tuple({i for i in (page.created_by_id, page.updated_by_id) if i is not None}),
    )


def register() -> None:
    """Registers live pages with search; deleted pages drop out of it."""
    register_model_source("page", Page, select(Page).where(Page.deleted_at.is_(None)), _document)
