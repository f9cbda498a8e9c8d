"""Wiki pages as search documents: the latest revision of every page that is not deleted."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..search.documents import SearchDocument, Source, register_source
from .models import Page
from .naming import page_url
from .services import revision_of


def _document(page: Page | None) -> SearchDocument | None:
    if page is None or page.is_deleted:
        return None
    revision = revision_of(page, page.revision)
    return SearchDocument(type="page", id=page.id, title=page.title,
                          body=f"{page.path.replace('/', ' ').replace('_', ' ')}\n{revision.body if revision else ''}",
                          url=page_url(page.zone.slug, page.path), zone_id=page.zone_id,
                          updated_at=page.updated_at)


def _live_pages():
    return select(Page).where(Page.deleted_at.is_(None))


def register() -> None:
    register_source(Source(
        type="page",
        load_one=lambda page_id: _document(db.session.get(Page, page_id)),
        load_all=lambda: (_document(page) for page in db.session.scalars(_live_pages())),
        count_all=lambda: db.session.scalar(select(func.count()).select_from(_live_pages().subquery())),
        load_object=lambda page_id: db.session.get(Page, page_id),
    ))
