"""The FTS5 engine on its own: entries replaced and removed, nothing outside the readable zones
matched whatever the text says (labels and FTS5 syntax are only words), the ranking window and
its pages, the vocabulary "did you mean" reads, and a rebuild merged into one piece."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import text

from innovationzone.db import write_transaction
from innovationzone.extensions import db
from innovationzone.search import documents, fts5_backend, indexer
from innovationzone.search.documents import SearchDocument, Source
from innovationzone.search.fts5_backend import Fts5Backend
from innovationzone.search.query import Filters, Total, parse


def page(n: int, body: str, zone_id: int | None = 1, **extra) -> SearchDocument:
    return SearchDocument(
        type="page",
        id=n,
        title=f"Pagina {n}",
        body=body,
        url=f"/p/{n}",
        zone_id=zone_id,
        updated_at=datetime(2026, 1, n),
        **extra,
    )


@pytest.fixture
def engine(ctx) -> Fts5Backend:
    backend = Fts5Backend()
    with write_transaction():
        backend.upsert(
            [
                page(1, "Fietsen in de winkel"),
                page(2, "Geheime fietsen", zone_id=2),
                page(3, "Een direct bericht over fietsen", zone_id=None, reader_ids=(7,)),
            ]
        )
    return backend


def found(backend: Fts5Backend, text: str, user_id: int = 5, **filters) -> list[str]:
    _total, hits = backend.search(
        parse(text), zone_ids={1}, user_id=user_id, filters=Filters(**filters), limit=10, offset=0
    )
    return [hit["url"] for hit in hits]


def test_only_readable_zones_and_named_readers_match(engine):
    assert found(engine, "fiets") == ["/p/1"]
    assert sorted(found(engine, "fiets", user_id=7)) == ["/p/1", "/p/3"]


@pytest.mark.parametrize(
    "text",
    [
        "z2",
        "labels:z2",
        "fiets OR labels : z2",
        '"geheime" OR {labels}: z2',
        "NEAR(geheime z2)",
        "geheim* z2*",
        "type_page u7",
    ],
)
def test_labels_and_fts5_syntax_are_only_words(engine, text):
    assert set(found(engine, text)) <= {"/p/1"}


def test_an_entry_is_replaced_and_removed(engine):
    with write_transaction():
        engine.upsert([page(1, "Nu over kassa's")])
    assert found(engine, "fiets") == []
    assert found(engine, "kassa") == ["/p/1"]
    with write_transaction():
        engine.upsert([], ["page:1"])
    assert found(engine, "kassa") == []
    assert not engine.ensure()  # entries left: nothing to fill
    with write_transaction():
        engine.clear()
    assert engine.ensure()


def test_beyond_the_ranking_window_the_latest_follow_on_later_pages(ctx, monkeypatch):
    """With more matches than RANK_WINDOW, the latest RANK_WINDOW are ranked (here the older of
    the two, which says `kassa` more often, first) and the rest follow, latest first, even one
    that would rank above them all; every match appears once across the pages."""
    monkeypatch.setattr(fts5_backend, "RANK_WINDOW", 2)
    monkeypatch.setattr(fts5_backend, "TOTAL_CAP", 1)  # the window stays above the cap
    backend = Fts5Backend()
    with write_transaction():
        backend.upsert(
            [
                page(1, "kassa kassa kassa kassa kassa"),
                page(2, "kassa, verder niets"),
                page(3, "kassa kassa kassa"),
                page(4, "kassa, verder niets"),
            ]
        )
    pages = [
        backend.search(
            parse("kassa"), zone_ids={1}, user_id=5, filters=Filters(), limit=1, offset=n
        )
        for n in range(5)
    ]
    assert {total for total, _hits in pages} == {Total(1, exact=False)}  # "more than 1"
    found = [hit["url"] for _total, hits in pages for hit in hits]
    assert found == ["/p/3", "/p/4", "/p/2", "/p/1"]


def urls_by_page(backend: Fts5Backend, text: str, pages: int) -> tuple[set[Total], list[str]]:
    """Every page of one result (limit 1): the totals they gave, and the urls in order."""
    answers = [
        backend.search(parse(text), zone_ids={1}, user_id=5, filters=Filters(), limit=1, offset=n)
        for n in range(pages)
    ]
    return {total for total, _hits in answers}, [h["url"] for _t, hits in answers for h in hits]


def test_words_in_half_the_documents_or_more_follow_the_ranked_matches_latest_first(
    ctx, monkeypatch
):
    """Once the index is large enough (here 4 documents), a word in half the most recent ones
    or more is not ranked (bm25() would give it no weight): the documents holding a rarer
    query word come first, ranked, then those with only the common word, latest first (in a
    title first); every match once across the pages, none from a zone the reader cannot read."""
    monkeypatch.setattr(fts5_backend, "COMMON_FLOOR", 4)
    monkeypatch.setattr(fts5_backend, "COMMON_SAMPLE", 4)
    backend = Fts5Backend()
    with write_transaction():
        backend.upsert(
            [
                page(1, "kassa kassa kassa kassa kassa fiets"),
                replace(page(2, "kassa kassa kassa kassa"), title="Kassa's"),
                page(3, "kassa fiets"),
                page(4, "kassa"),
                page(5, "kassa winkel"),
                page(6, "kassa", zone_id=2),
            ]
        )
    totals, urls = urls_by_page(backend, "kassa fiets", 6)
    assert urls == ["/p/3", "/p/1", "/p/2", "/p/5", "/p/4"]
    assert totals == {Total(5, exact=True)}
    assert urls_by_page(backend, "kassa", 6)[1] == ["/p/2", "/p/5", "/p/4", "/p/3", "/p/1"]
    assert found(backend, "kassa", in_title=True) == ["/p/2"]
    monkeypatch.setattr(fts5_backend, "COMMON_FLOOR", 7)  # a smaller index: bm25() ranks all
    assert set(urls_by_page(backend, "kassa", 6)[1][:2]) == {"/p/1", "/p/2"}  # most "kassa"


def test_paging_past_a_tier_with_more_matches_than_the_total_counts(ctx, monkeypatch):
    """A later page skips exactly the earlier tier's matches, however many: the skip is not
    counted only as far as the total is (here 1)."""
    monkeypatch.setattr(fts5_backend, "TOTAL_CAP", 1)
    backend = Fts5Backend()
    with write_transaction():
        backend.upsert(
            [page(1, "kassabonnen"), page(2, "kassabonnen")]
            + [page(n, "kassa " * (n - 2)) for n in range(3, 6)]
        )
    totals, found = urls_by_page(backend, "kassa", 6)
    assert found == ["/p/5", "/p/4", "/p/3", "/p/2", "/p/1"]
    assert totals == {Total(1, exact=False)}


def test_the_vocabulary_counts_documents_per_plain_word(engine):
    assert engine.word_frequency("fietsen") == 3
    assert engine.word_frequency("fiets") == 0  # plain words, not stems
    assert ("fietsen", 3) in engine.words_starting("f", 6, 8)
    assert all(len(word) <= 5 for word, _n in engine.words_starting("g", 3, 5))


def test_a_rebuild_merged_into_one_piece_still_finds_everything(ctx, monkeypatch):
    """`search reindex` writes in batches (each a piece of the FTS5 index) and then optimizes
    (merges them): every document is found afterwards, replaced ones by their new text only,
    and the index passes FTS5's own integrity check."""
    texts = {n: page(n, f"kassa nummer{n}") for n in range(1, 26)}
    texts[7] = page(7, "alleen fietsen")
    source = Source(
        type="page",
        load_many=lambda ids: {n: texts[n] for n in ids if n in texts},
        load_all=lambda: texts.values(),
        count_all=lambda: len(texts),
        load_object=lambda _id: None,
    )
    monkeypatch.setitem(documents._sources, "page", source)
    monkeypatch.setattr(indexer, "BATCH", 4)  # seven pieces to merge
    monkeypatch.setattr(fts5_backend, "MERGE_PAGES", 1)  # in several steps
    backend = Fts5Backend()
    with write_transaction():
        backend.upsert([page(7, "kassa van vroeger")])  # replaced by the rebuild
    assert indexer.reindex() == 25
    urls = {f"/p/{n}" for n in texts if n != 7}
    total, hits = backend.search(
        parse("kassa"), zone_ids={1}, user_id=5, filters=Filters(), limit=100, offset=0
    )
    assert total == Total(24, exact=True) and {hit["url"] for hit in hits} == urls
    assert found(backend, "nummer13") == ["/p/13"]
    assert found(backend, "fiets") == ["/p/7"]
    with write_transaction():
        db.session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')"))
