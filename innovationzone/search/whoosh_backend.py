"""Whoosh, for the embedded default: an index folder in IZ_DATA_DIR.

Texts go through `analysis` (the analysis PostgreSQL gets too): `title` and `body` hold every
word's English and Dutch forms at the word's position, `words` holds the words unstemmed for
prefix matches. Queries are built as Whoosh query objects from ParsedQuery — its own parser
(field syntax, AND by default) is never used. Whoosh allows one writer: writes hold a
process-wide lock, and only the indexer writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh import index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, AndNot, Every, Or, Phrase, Prefix, Term

from innovationzone.asyncmode import run_blocking
from innovationzone.search import analysis
from innovationzone.search.documents import SearchDocument, WritesUnprepared
from innovationzone.search.query import TOTAL_CAP, Filters, ParsedQuery, Total, tag_term

_write_lock = threading.Lock()
TITLE_BOOST = 2.0
PREFIX_SCORE = 0.1  # a constant per prefix-matched word: below any exact or stemmed match


class Analyzer(Tokenizer):
    """`analysis` as a Whoosh analyzer: stems (both forms at one position) or plain words."""

    def __init__(self, stemmed: bool = True) -> None:
        self.stemmed = stemmed

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer signature
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        """Tokenises as `analysis` does for every engine, so Whoosh finds the same stems and
        words as the others."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word, stems in analysis.analyse(value):
            for term in stems if self.stemmed else [word]:
                token.text, token.boost, token.stopped = term, 1.0, False
                if positions:
                    token.pos = start_pos + position
                if chars:
                    token.startchar = token.endchar = start_char
                yield token


def schema() -> Schema:
    """The index fields; `ensure` compares them to the index on disk and rebuilds it when they
    changed."""
    return Schema(
        key=ID(stored=True, unique=True),
        type=ID(stored=True),
        object_id=NUMERIC(stored=True),
        zone=ID(stored=True),
        readers=KEYWORD(),
        authors=KEYWORD(),
        tags=KEYWORD(),
        title=TEXT(analyzer=Analyzer()),
        label=STORED(),  # the title shown (a comment's post's, searched or not)
        body=TEXT(stored=True, analyzer=Analyzer()),
        words=TEXT(analyzer=Analyzer(stemmed=False)),
        url=STORED(),
        updated_at=DATETIME(stored=True),
    )


class WhooshBackend(WritesUnprepared):
    """The search engine in a Whoosh index on disk, one process at a time; the same interface as
    the others (backend.py)."""

    def __init__(self, data_dir: str) -> None:
        self.path = Path(data_dir) / "search-index"

    def ensure(self) -> bool:
        """Create the index, or recreate it when its fields are not today's; True when the
        index is new and must be filled from the database."""
        self.path.mkdir(parents=True, exist_ok=True)
        if index.exists_in(self.path):
            existing = index.open_dir(self.path).schema
            if sorted(existing.names()) == sorted(schema().names()) and isinstance(
                existing["words"].analyzer, Analyzer
            ):
                return False
        index.create_in(self.path, schema())
        return True

    def healthy(self) -> bool:
        """The index exists on disk (for /healthz)."""
        return index.exists_in(self.path)

    def _index(self) -> index.Index:
        return index.open_dir(self.path)

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        """Whoosh is pure Python and its commit writes and merges segments: profiled under a
        busy chat room, indexing on the eventlet hub stalled every socket for the length of a
        commit. On a real thread the hub gets its turn every few milliseconds (the GIL's switch
        interval) instead. The lock is taken here, on the caller's side, so the thread never
        waits on a green lock."""
        with _write_lock:
            run_blocking(self._write, list(documents), list(delete_keys))

    def _write(self, documents: list[SearchDocument], delete_keys: list[str]) -> None:
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
                authors=" ".join(f"u{uid}" for uid in doc.author_ids),
                tags=" ".join(filter(None, map(tag_term, doc.tags))),
                title=doc.searched_title,
                label=doc.title,
                body=doc.body,
                words=f"{doc.searched_title}\n{doc.body}",
                url=doc.url,
                updated_at=doc.updated_at,
            )
        writer.commit()

    def word_frequency(self, word: str) -> int:
        """How many documents hold this plain word (for "did you mean")."""
        with self._index().searcher() as searcher:
            return searcher.doc_frequency("words", word)

    def words_starting(self, letter: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """Indexed plain words starting with `letter`, `shortest` to `longest` long, with how
        many documents hold each."""
        with self._index().searcher() as searcher:
            reader = searcher.reader()
            terms = (t.decode() for t in reader.expand_prefix("words", letter))  # bytes here
            return [
                (term, reader.doc_frequency("words", term))
                for term in terms
                if shortest <= len(term) <= longest
            ]

    def clear(self) -> None:
        """Recreates an empty index (before a rebuild)."""
        with _write_lock:
            index.create_in(self.path, schema())

    def optimize(self) -> bool:
        """Merge the segments a rebuild left into one (Whoosh reads every segment per query),
        in one step: False, nothing left to do. On a real thread, like a write, so the hub is
        not stalled meanwhile."""
        with _write_lock:
            run_blocking(self._index().optimize)
        return False

    @staticmethod
    def _word(word: str, in_title: bool) -> list:
        """A word matches its forms in title and body, and (4+ letters) as a prefix."""
        forms = analysis.stems(word)
        queries = [Term("title", s, boost=TITLE_BOOST) for s in forms]
        if in_title:
            return queries
        queries += [Term("body", s) for s in forms]
        if len(word) >= analysis.PREFIX_MIN:
            queries.append(Prefix("words", word, boost=PREFIX_SCORE))
        return queries

    @staticmethod
    def _phrase(words: list[str], in_title: bool) -> list:
        terms = [analysis.dutch(w) for w in words]
        title = Phrase("title", terms, boost=TITLE_BOOST)
        return [title] if in_title else [title, Phrase("body", terms)]

    def search(
        self,
        parsed: ParsedQuery,
        *,
        zone_ids: set[int],
        user_id: int,
        filters: Filters,
        limit: int,
        offset: int,
    ) -> tuple[Total, list[dict]]:
        """(total, page of hit fields) for what the user may read: their readable zones or
        documents they are a reader of, narrowed by the operators."""
        ix = self._index()
        in_title = filters.in_title
        positive = [q for w in analysis.query_words(parsed.words) for q in self._word(w, in_title)]
        positive += [q for p in parsed.phrases for q in self._phrase(p, in_title)]
        query = Or(positive) if positive else Every()
        excluded = [
            Term(field, s)
            for w in parsed.excluded
            for s in analysis.stems(w)
            for field in ("title", "body")
        ]
        if excluded:
            query = AndNot(query, Or(excluded))
        allowed = [Term("zone", f"z{z}") for z in zone_ids] + [Term("readers", f"u{user_id}")]
        restrictions = [Or(allowed)]
        if filters.type:
            restrictions.append(Term("type", filters.type))
        if filters.zone_id is not None:
            restrictions.append(Term("zone", f"z{filters.zone_id}"))
        if filters.author_id is not None:
            restrictions.append(Term("authors", f"u{filters.author_id}"))
        if filters.tag:
            restrictions.append(Term("tags", filters.tag))
        newest_first = {} if positive else {"sortedby": "updated_at", "reverse": True}
        with ix.searcher() as searcher:
            results = searcher.search(
                query, filter=And(restrictions), limit=offset + limit, **newest_first
            )
            total = Total.capped(len(results), TOTAL_CAP)
            hits = [
                {
                    "type": hit["type"],
                    "id": hit["object_id"],
                    "score": float(hit.score),
                    "title": hit["label"],
                    "body": hit["body"],
                    "url": hit["url"],
                    "zone_id": int(hit["zone"][1:]) if hit["zone"] != "none" else None,
                }
                for hit in list(results)[offset : offset + limit]
            ]
        return total, hits
