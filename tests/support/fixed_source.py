"""A search source over a fixed list of texts in one zone, for testing what the engines find.

Typed "page" (the permission re-check looks at the zone); installed per test with monkeypatch.
"""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.db import utcnow
from innovationzone.extensions import db
from innovationzone.search import documents, indexer
from innovationzone.search.documents import SearchDocument, Source
from innovationzone.zones.models import Zone


def install(monkeypatch, zone_slug: str, texts: list[tuple[str, str]]) -> list[str]:  # noqa: ANN001
    """Index (title, body) texts as pages 1..n of the zone; answers their urls, in order."""
    zone_id = db.session.scalar(select(Zone.id).where(Zone.slug == zone_slug))
    docs = {
        n: SearchDocument(
            type="page",
            id=n,
            title=title,
            body=body,
            url=f"/t/{n}",
            zone_id=zone_id,
            updated_at=utcnow(),
        )
        for n, (title, body) in enumerate(texts, start=1)
    }
    source = Source(
        type="page",
        load_many=lambda ids: {n: docs[n] for n in ids if n in docs},
        load_all=lambda: docs.values(),
        count_all=lambda: len(docs),
        load_object=lambda _id: db.session.get(Zone, zone_id),
    )
    monkeypatch.setitem(documents._sources, "page", source)
    indexer.reindex()
    return [d.url for d in docs.values()]
