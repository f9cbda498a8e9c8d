"""PostgreSQL full-text search, for scale-out: every process shares it, no index folder.

The tsvectors are written from `analysis` (the same forms Whoosh indexes), not by PostgreSQL's
own configurations: `tsv` holds each word's English and Dutch forms at its position (titles
weighted A, bodies B), `words` the plain words for prefix matches. Queries are tsquery values
built from those same forms — only `\\w` characters, quoted — so no operator gets through.

Ranking is BM25-shaped: ts_rank per query word (a saturating term frequency over document
length) weighted by the word's IDF from `search_terms`, which the indexer keeps counting in the
same transaction as the entries. ts_rank alone has no IDF and lets "de" outrank "klantreis".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnClause,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY, TSVECTOR, insert

from innovationzone.extensions import db
from innovationzone.search import analysis
from innovationzone.search.documents import SearchDocument
from innovationzone.search.query import TOTAL_CAP, Filters, ParsedQuery, tag_term

# Their own metadata: the tables exist on PostgreSQL only (see the search migrations).
metadata = MetaData()
entries = Table(
    "search_entries",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("object_id", Integer, nullable=False),
    Column("zone_id", Integer, nullable=True),
    Column("reader_ids", ARRAY(Integer), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("tsv", TSVECTOR, nullable=False),
    Column("words", TSVECTOR, nullable=False),
    Column("length", Integer, nullable=False),
)
terms = Table(
    "search_terms",
    metadata,
    Column("term", String(64), primary_key=True),
    Column("documents", BigInteger, nullable=False),
)
DOCS, WORDS = "#docs", "#words"  # totals, under names no analysed term can have
SPELLING = "w#"  # plain words, counted for "did you mean"
MAX_POSITION, MAX_POSITIONS = 16383, 256  # PostgreSQL's limits for a tsvector
WEIGHTS: ColumnClause[list[float]] = literal_column(
    "'{0, 0, 0.5, 1}'::float4[]"
)  # D, C, B (body), A (title)
LENGTH_NORMALISED = 1  # ts_rank divides by 1 + log(document length)
PREFIX_SCORE = 0.01


def _quote(term: str) -> str:
    return f"'{term}'"  # terms are \w only: nothing to escape


def _tsvector(title: str, body: str) -> tuple[str, str, int]:
    """The `tsv` and `words` literals of a document, and its length in words."""
    positions: dict[str, list[str]] = defaultdict(list)
    plain: set[str] = set()
    length = 0
    for weight, text, start in (("A", title, 1), ("B", body, None)):
        start = start if start is not None else length + 2  # a gap: no phrase spans title/body
        for position, word, forms in analysis.analyse(text):
            plain.add(word)
            spot = f"{min(start + position, MAX_POSITION)}{weight}"
            for form in forms:
                if len(positions[form]) < MAX_POSITIONS:
                    positions[form].append(spot)
            length = start + position
    tsv = " ".join(f"{_quote(t)}:{','.join(p)}" for t, p in positions.items())
    return tsv, " ".join(map(_quote, plain)), length


def _labels(author_ids: Iterable[int], tags: Iterable[str]) -> list[str]:
    """Lexemes for `by:` and `tag:` (tags as tag_term gives them), kept in `tsv` under names no
    analysed word can have."""
    return [f"by#{i}" for i in author_ids] + [f"tag#{t}" for t in tags if t]


def _tsquery(text: str):
    return cast(bindparam(None, text, unique=True), TSQUERY)


def _matches(column, query: str):  # noqa: ANN001, ANN202
    return column.op("@@", return_type=Boolean)(_tsquery(query))


class PostgresBackend:
    """The search engine on PostgreSQL full-text search (tsvector), for scaled-out installations
    where every process must see one index; the same interface as the others (backend.py)."""

    def ensure(self) -> bool:
        """Nothing to create: the migrations made the tables."""
        return False

    def healthy(self) -> bool:
        """The index tables answer a query (for /healthz)."""
        db.session.execute(select(func.count()).select_from(entries).limit(1))
        return True

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        """Replaces the entries of `documents` and drops those of `delete_keys` in the caller's
        write transaction, keeping the term statistics ranking and 'did you mean' rely on."""
        documents = list(documents)
        keys = list(delete_keys)
        counts: Counter[str] = Counter()
        old = db.session.execute(
            select(
                entries.c.key,
                func.tsvector_to_array(entries.c.tsv),
                func.tsvector_to_array(entries.c.words),
                entries.c.length,
            )
            .where(entries.c.key.in_(keys + [d.key for d in documents]))
            .with_for_update()
        ).all()
        for _key, old_terms, old_words, length in old:
            counts.subtract(old_terms)
            counts.subtract(f"{SPELLING}{w}" for w in old_words)
            counts.subtract({DOCS: 1, WORDS: length})
        if keys:
            db.session.execute(delete(entries).where(entries.c.key.in_(keys)))
        rows = []
        for d in documents:
            tsv, words, length = _tsvector(d.title, d.body)
            labels = _labels(d.author_ids, map(tag_term, d.tags))
            tsv = " ".join([tsv, *map(_quote, labels)])
            counts.update({t.split("'")[1] for t in tsv.split(" ") if t})
            counts.update(f"{SPELLING}{w.strip(chr(39))}" for w in words.split(" ") if w)
            counts.update({DOCS: 1, WORDS: length})
            rows.append(
                {
                    "key": d.key,
                    "type": d.type,
                    "object_id": d.id,
                    "zone_id": d.zone_id,
                    "reader_ids": list(d.reader_ids),
                    "title": d.title,
                    "body": d.body,
                    "url": d.url,
                    "updated_at": d.updated_at,
                    "tsv": tsv,
                    "words": words,
                    "length": length,
                }
            )
        if rows:  # one statement, many parameter sets: SQLAlchemy batches them as VALUES lists
            statement = insert(entries)
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[entries.c.key],
                    set_={name: statement.excluded[name] for name in rows[0] if name != "key"},
                ),
                rows,
            )
        self._count(counts)

    @staticmethod
    def _count(counts: Counter[str]) -> None:
        """Add the changes to the term statistics, in term order (two indexers never deadlock)."""
        changes = [{"term": t, "documents": n} for t, n in sorted(counts.items()) if n]
        if changes:
            statement = insert(terms)
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[terms.c.term],
                    set_={"documents": terms.c.documents + statement.excluded.documents},
                ),
                changes,
            )

    def word_frequency(self, word: str) -> int:
        """How many documents hold this plain word (for "did you mean")."""
        found = db.session.scalar(select(terms.c.documents).where(terms.c.term == SPELLING + word))
        return found or 0

    def words_starting(self, letter: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """Indexed plain words starting with `letter`, `shortest` to `longest` long, with how
        many documents hold each."""
        length = func.length(terms.c.term) - len(SPELLING)
        rows = db.session.execute(
            select(terms.c.term, terms.c.documents).where(
                terms.c.term.startswith(SPELLING + letter, autoescape=True),
                length.between(shortest, longest),
                terms.c.documents > 0,
            )
        )
        return [(term[len(SPELLING) :], documents) for term, documents in rows]

    def clear(self) -> None:
        """Drops every entry and term count (before a rebuild), in the caller's write
        transaction."""
        db.session.execute(delete(entries))
        db.session.execute(delete(terms))

    @staticmethod
    def _statistics(forms: set[str]) -> dict[str, int]:
        wanted = sorted(forms | {DOCS, WORDS})
        return dict(
            db.session.execute(
                select(terms.c.term, terms.c.documents).where(terms.c.term.in_(wanted))
            ).all()
        )

    def _ranking(self, parsed: ParsedQuery, in_title: bool):  # noqa: ANN202
        """The match condition of the words' forms and phrases, their score, and the match
        condition of the words' prefixes (None, 0, None when there are no words: operators
        alone list documents newest first)."""
        words = analysis.query_words(parsed.words)
        forms = {w: analysis.stems(w) for w in words}
        phrases = [[analysis.dutch(w) for w in phrase] for phrase in parsed.phrases]
        if not (words or phrases):
            return None, literal(0.0), None
        stats = self._statistics(
            {f for fs in forms.values() for f in fs} | {t for p in phrases for t in p}
        )
        documents = max(stats.get(DOCS, 0), 1)
        weight = ":A" if in_title else ""  # titles are weighted A

        def idf(form_list: Iterable[str]) -> float:
            frequency = max(stats.get(f, 0) for f in form_list)
            return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))

        def rank(query: str):  # noqa: ANN202
            return func.ts_rank(WEIGHTS, entries.c.tsv, _tsquery(query), LENGTH_NORMALISED)

        scored, matching = [], []
        for word_forms in forms.values():
            query = " | ".join(_quote(f) + weight for f in word_forms)
            matching.append(query)
            scored.append(idf(word_forms) * rank(query))
        for phrase in phrases:
            query = " <-> ".join(_quote(t) + weight for t in phrase)
            matching.append(f"({query})")
            scored.append(2 * idf(phrase) * rank(query))
        matches = _matches(entries.c.tsv, " | ".join(matching))
        prefixes = [] if in_title else [w for w in words if len(w) >= analysis.PREFIX_MIN]
        prefix_query = " | ".join(f"{_quote(w)}:*" for w in prefixes)
        score = scored[0]
        for part in scored[1:]:
            score = score + part
        return matches, score, _matches(entries.c.words, prefix_query) if prefixes else None

    def search(
        self,
        parsed: ParsedQuery,
        *,
        zone_ids: set[int],
        user_id: int,
        filters: Filters,
        limit: int,
        offset: int,
    ) -> tuple[int, list[dict]]:
        """Ranked matches of the words' forms first; documents that match only by a prefix
        come after all of them (newest first), so they are only looked for when the forms do
        not fill the page. The total is counted up to TOTAL_CAP + 1, never further."""
        matches, score, prefix_matches = self._ranking(parsed, filters.in_title)
        conditions = self._conditions(parsed, zone_ids, user_id, filters)
        if matches is None:
            return self._total(conditions), self._rows(conditions, literal(0.0), limit, offset)
        any_match = or_(matches, prefix_matches) if prefix_matches is not None else matches
        total = self._total([*conditions, any_match])
        rows = self._rows([*conditions, matches], score, limit, offset)
        if len(rows) < limit and prefix_matches is not None:
            ranked = offset + len(rows) if rows else self._total([*conditions, matches])
            rows += self._rows(
                [*conditions, prefix_matches, not_(matches)],
                literal(PREFIX_SCORE),
                limit - len(rows),
                max(0, offset - ranked),
            )
        return total, rows

    @staticmethod
    def _conditions(
        parsed: ParsedQuery, zone_ids: set[int], user_id: int, filters: Filters
    ) -> list:
        """What the user may read, narrowed by the operators and the excluded words."""
        conditions = [
            or_(
                entries.c.zone_id.in_(zone_ids) if zone_ids else False,
                literal(user_id) == any_(entries.c.reader_ids),
            ),
        ]
        authors = [filters.author_id] if filters.author_id is not None else []
        labels = _labels(authors, [filters.tag] if filters.tag else [])
        if labels:
            conditions.append(_matches(entries.c.tsv, " & ".join(map(_quote, labels))))
        excluded = [f for w in parsed.excluded for f in analysis.stems(w)]
        if excluded:
            conditions.append(not_(_matches(entries.c.tsv, " | ".join(map(_quote, excluded)))))
        if filters.type:
            conditions.append(entries.c.type == filters.type)
        if filters.zone_id is not None:
            conditions.append(entries.c.zone_id == filters.zone_id)
        return conditions

    @staticmethod
    def _total(conditions: list) -> int:
        capped = select(literal(1)).select_from(entries).where(*conditions).limit(TOTAL_CAP + 1)
        return db.session.execute(select(func.count()).select_from(capped.subquery())).scalar_one()

    @staticmethod
    def _rows(conditions: list, score, limit: int, offset: int) -> list[dict]:  # noqa: ANN001
        rank = score.label("score")
        rows = db.session.execute(
            select(
                entries.c.type,
                entries.c.object_id,
                entries.c.title,
                entries.c.body,
                entries.c.url,
                entries.c.zone_id,
                rank,
            )
            .where(*conditions)
            .order_by(rank.desc(), entries.c.updated_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            {
                "type": r.type,
                "id": r.object_id,
                "score": float(r.score),
                "title": r.title,
                "body": r.body,
                "url": r.url,
                "zone_id": r.zone_id,
            }
            for r in rows
        ]
