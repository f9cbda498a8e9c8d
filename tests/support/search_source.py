"""A search source over zone descriptions, standing in for content while testing the engines.

Typed "page" so it passes through the same code paths as wiki pages; installed per test with
monkeypatch, so it never replaces a real source outside that test.
"""

from __future__ import annotations

from sqlalchemy import func, select

from innovationzone.db import utcnow, write_transaction
from innovationzone.extensions import db
from innovationzone.search import documents, indexer
from innovationzone.search.documents import SearchDocument, Source
from innovationzone.zones.models import Zone


def _document(zone: Zone) -> SearchDocument:
    return SearchDocument(
        type="page",
        id=zone.id,
        title=zone.name,
        body=zone.description,
        url=f"/z/{zone.slug}",
        zone_id=zone.id,
        updated_at=utcnow(),
    )


def _load_many(zone_ids: list[int]) -> dict[int, SearchDocument]:
    zones = db.session.scalars(select(Zone).where(Zone.id.in_(zone_ids)))
    return {zone.id: _document(zone) for zone in zones}


SOURCE = Source(
    type="page",
    load_many=_load_many,
    load_all=lambda: (_document(z) for z in db.session.scalars(select(Zone))),
    count_all=lambda: db.session.scalar(select(func.count()).select_from(Zone)),
    load_object=lambda zone_id: db.session.get(Zone, zone_id),
)


def install(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(documents._sources, "page", SOURCE)


def set_description(slug: str, description: str) -> None:
    """Change a zone's text and queue it for indexing, as a feature's service does."""
    with write_transaction():
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        zone.description = description
        indexer.queue("page", zone.id)
