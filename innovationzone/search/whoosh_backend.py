"""Whoosh, for the embedded default: an index folder in IZ_DATA_DIR.

Each text is indexed twice, stemmed as English and as Dutch, so `winkels` finds `winkel` and
`stores` finds `store`. Queries are built as Whoosh query objects from ParsedQuery — its own
parser (field syntax, AND by default) is never used. Whoosh allows one writer: writes hold a
process-wide lock, and only the indexer writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from whoosh import index
from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, AndNot, Or, Phrase, Term

from innovationzone.search.documents import SearchDocument
from innovationzone.search.query import ParsedQuery

_write_lock = threading.Lock()
TEXT_FIELDS = {"title": 2.0, "title_nl": 2.0, "body": 1.0, "body_nl": 1.0}


def schema() -> Schema:
    english, dutch = StemmingAnalyzer(), LanguageAnalyzer("nl")
    return Schema(
        key=ID(stored=True, unique=True),
        type=ID(stored=True),
        object_id=NUMERIC(stored=True),
        zone=ID(stored=True),
        readers=KEYWORD(),
        title=TEXT(stored=True, analyzer=english),
        title_nl=TEXT(analyzer=dutch),
        body=TEXT(stored=True, analyzer=english),
        body_nl=TEXT(analyzer=dutch),
        url=STORED(),
        updated_at=DATETIME(stored=True),
    )


class WhooshBackend:
    def __init__(self, data_dir: str) -> None:
        self.path = Path(data_dir) / "search-index"

    def ensure(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        if not index.exists_in(self.path):
            index.create_in(self.path, schema())

    def healthy(self) -> bool:
        return index.exists_in(self.path)

    def _index(self):
        return index.open_dir(self.path)

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        with _write_lock:
            writer = self._index().writer(timeout=30)
            for key in delete_keys:
                writer.delete_by_term("key", key)
            for doc in documents:
                writer.update_document(
                    key=doc.key,
                    type=doc.type,
                    object_id=doc.id,
                    zone=f"z{doc.zone_id}" if doc.zone_id is not None else "none",
                    readers=" ".join(f"u{uid}" for uid in doc.reader_ids),
                    title=doc.title,
                    title_nl=doc.title,
                    body=doc.body,
                    body_nl=doc.body,
                    url=doc.url,
                    updated_at=doc.updated_at,
                )
            writer.commit()

    def clear(self) -> None:
        with _write_lock:
            index.create_in(self.path, schema())

    def _terms(self, ix, word: str) -> list:
        subqueries = []
        for name, boost in TEXT_FIELDS.items():
            for token in ix.schema[name].process_text(word, mode="query"):
                subqueries.append(Term(name, token, boost=boost))
        return subqueries

    def _phrase(self, ix, words: list[str]) -> list:
        subqueries = []
        for name, boost in TEXT_FIELDS.items():
            tokens = [t for w in words for t in ix.schema[name].process_text(w, mode="query")]
            if tokens:
                subqueries.append(Phrase(name, tokens, boost=boost))
        return subqueries

    def search(
        self,
        parsed: ParsedQuery,
        *,
        zone_ids: set[int],
        user_id: int,
        type_: str | None,
        zone_id: int | None,
        limit: int,
        offset: int,
    ) -> tuple[int, list[dict]]:
        ix = self._index()
        positive = [q for w in parsed.words for q in self._terms(ix, w)]
        positive += [q for p in parsed.phrases for q in self._phrase(ix, p)]
        if not positive:
            return 0, []
        query = Or(positive)
        excluded = [q for w in parsed.excluded for q in self._terms(ix, w)]
        if excluded:
            query = AndNot(query, Or(excluded))
        allowed = [Term("zone", f"z{z}") for z in zone_ids] + [Term("readers", f"u{user_id}")]
        restrictions = [Or(allowed)]
        if type_:
            restrictions.append(Term("type", type_))
        if zone_id is not None:
            restrictions.append(Term("zone", f"z{zone_id}"))
        with ix.searcher() as searcher:
            results = searcher.search(query, filter=And(restrictions), limit=offset + limit)
            total = len(results)
            hits = [
                {
                    "type": hit["type"],
                    "id": hit["object_id"],
                    "score": float(hit.score),
                    "title": hit["title"],
                    "body": hit["body"],
                }
                for hit in list(results)[offset : offset + limit]
            ]
        return total, hits
