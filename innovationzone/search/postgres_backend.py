"""PostgreSQL full-text search, for scale-out: every process shares it, no index folder.

The tsvectors are written from `analysis` (the same forms Whoosh indexes), not by PostgreSQL's
own configurations: `tsv` holds each word's English and Dutch forms at its position (titles
weighted A, bodies B), `words` the plain words for prefix matches. Queries are tsquery values
built from those same forms — only `\\w` characters, quoted — so no operator gets through.

Ranking is BM25 over `search_postings` (see `postgres_postings`): each (term, document) pair
holds its term weight, the IDF comes from `search_terms`, which the indexer keeps counting in
the same transaction as the entries; only the best postings of each query term are read.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    Table,
    bindparam,
    cast,
    delete,
    func,
    literal,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, insert

from innovationzone.extensions import db, socketio
from innovationzone.search import analysis, postgres_postings
from innovationzone.search.documents import SearchDocument, WritesUnprepared
from innovationzone.search.postgres_postings import (
    DEPTH,
    PHRASE_IMPACT,
    Entry,
    Narrowing,
    Ranked,
    readable,
)
from innovationzone.search.postgres_tables import entries, terms
from innovationzone.search.query import TOTAL_CAP, Filters, ParsedQuery, Total, tag_term

DOCS, WORDS = "#docs", "#words"  # totals, under names no analysed term can have
SPELLING = "w#"  # plain words, counted for "did you mean"
MAX_POSITION, MAX_POSITIONS = 16383, 256  # PostgreSQL's limits for a tsvector
PREFIX_SCORE = 0.01
ENTRY_COLUMNS = ("type", "object_id", "title", "body", "url", "zone_id", "updated_at")


_COUNT = text(
    "INSERT INTO search_terms (term, documents) "
    "SELECT * FROM unnest(CAST(:terms AS text[]), CAST(:counts AS bigint[])) "
    "ON CONFLICT (term) DO UPDATE SET documents = search_terms.documents + excluded.documents"
)


def _quote(term: str) -> str:
    return f"'{term}'"  # terms are \w only: nothing to escape


class _Analysed:
    """One document as the index stores it: each term's positions (weight A in the title,
    B in the body), its plain words and its length in words."""

    def __init__(self, title: str, body: str) -> None:
        self.positions: dict[str, list[str]] = defaultdict(list)
        # spots of each term in the title: its BM25 weight counts them apart from the body's,
        # and counting them here spared rescanning every spot's suffix (a save's drain on
        # PostgreSQL: ~5,000 Python calls per page)
        self.in_title: Counter[str] = Counter()
        self.plain: set[str] = set()
        self.length = 0
        for weight, part, start in (("A", title, 1), ("B", body, None)):
            start = start if start is not None else self.length + 2  # no phrase spans the two
            for position, word, forms in analysis.analyse(part):
                self.plain.add(word)
                spot = f"{min(start + position, MAX_POSITION)}{weight}"
                for form in forms:
                    spots = self.positions[form]
                    if len(spots) < MAX_POSITIONS:
                        spots.append(spot)
                        if weight == "A":
                            self.in_title[form] += 1
                self.length = start + position

    def tsv(self, labels: list[str]) -> str:
        """The `tsv` literal: every term at its positions, then the labels (no positions)."""
        spots = (f"{_quote(t)}:{','.join(p)}" for t, p in self.positions.items())
        return " ".join([*spots, *map(_quote, labels)])

    def words(self) -> str:
        return " ".join(map(_quote, self.plain))

    def impacts(self, average_length: float) -> dict[str, float]:
        """Each term's BM25 weight in this document (its postings)."""
        in_title, length = self.in_title, self.length
        return {
            term: postgres_postings.impact(
                in_title[term], len(spots) - in_title[term], length, average_length
            )
            for term, spots in self.positions.items()
        }


def _analyse(document: SearchDocument) -> _Analysed:
    """A document analysed, and then a turn for the process's other green threads: under `serve`
    the drain after a burst of saves analysed its 10-20 pages in one go (~2 ms of CPU each) and
    held up every save under way for 30-60 ms (bench/saves.py, 4 writers). Runs before the
    old entries are locked; under threads the pause costs a `sleep(0)`."""
    analysed = _Analysed(document.searched_title, document.body)
    socketio.sleep(0)
    return analysed


@dataclass(frozen=True)
class _Plan:
    words: list[tuple[tuple[str, ...], float]]
    phrases: list[tuple[ColumnElement[bool], float]]
    matches: ColumnElement[bool]
    prefix_matches: ColumnElement[bool] | None
    most_frequent: int  # the most documents any term of the query is found in


def _plain(conditions: list[ColumnElement[bool]], score: float) -> Select:
    """Hits under conditions, all with the same score (operators alone, prefix matches)."""
    columns = [entries.c[name] for name in ENTRY_COLUMNS]
    return select(*columns, literal(score).label("score")).where(*conditions)


def _labels(author_ids: Iterable[int], tags: Iterable[str]) -> list[str]:
    """Lexemes for `by:` and `tag:` (tags as tag_term gives them), kept in `tsv` under names no
    analysed word can have."""
    return [f"by#{i}" for i in author_ids] + [f"tag#{t}" for t in tags if t]


def _tsquery(text: str) -> ColumnElement[Any]:
    return cast(bindparam(None, text, unique=True), TSQUERY)


def _matches(column: ColumnElement[Any], query: str) -> ColumnElement[bool]:
    return column.op("@@", return_type=Boolean)(_tsquery(query))


class PostgresBackend(WritesUnprepared):
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
        """Write documents (replacing their old entries and postings), delete others, and keep
        the term statistics in step, all in the caller's transaction. One statement per table
        for a whole batch: `search reindex` and bulk loads go through here too."""
        documents = list(documents)
        keys = list(delete_keys)
        analysed = [(d, _analyse(d)) for d in documents]
        counts: Counter[str] = Counter()
        old = db.session.execute(
            select(
                entries.c.id,
                func.tsvector_to_array(entries.c.tsv),
                func.tsvector_to_array(entries.c.words),
                entries.c.length,
            )
            .where(entries.c.key.in_(keys + [d.key for d in documents]))
            .with_for_update()
        ).all()
        for _id, old_terms, old_words, length in old:
            counts.subtract(old_terms)
            counts.subtract(f"{SPELLING}{w}" for w in old_words)
            counts.subtract({DOCS: 1, WORDS: length})
        postgres_postings.forget([row[0] for row in old])
        if keys:
            db.session.execute(delete(entries).where(entries.c.key.in_(keys)))
        rows = []
        for d, a in analysed:
            labels = _labels(d.author_ids, map(tag_term, d.tags))
            tsv = a.tsv(labels)
            counts.update({*a.positions, *labels})  # the terms of `tsv`, each once
            counts.update(f"{SPELLING}{w}" for w in a.plain)
            counts.update({DOCS: 1, WORDS: a.length})
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
                    "words": a.words(),
                    "length": a.length,
                }
            )
        if rows:
            self._write_entries(rows, analysed, self._average_length(counts))
        self._count(counts)

    @staticmethod
    def _average_length(changes: Counter[str]) -> float:
        """The collection's average document length once these changes are in."""
        stats = PostgresBackend._statistics(set())
        documents = stats.get(DOCS, 0) + changes[DOCS]
        return (stats.get(WORDS, 0) + changes[WORDS]) / max(documents, 1)

    @staticmethod
    def _write_entries(rows: list[dict], analysed: list, average_length: float) -> None:
        """Upsert the entries (one statement, many parameter sets: SQLAlchemy batches them as
        VALUES lists) and insert their postings."""
        statement = insert(entries)
        written = db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[entries.c.key],
                set_={name: statement.excluded[name] for name in rows[0] if name != "key"},
            ).returning(entries.c.key, entries.c.id),
            rows,
        ).all()
        ids: dict[str, int] = {key: doc for key, doc in written}
        postgres_postings.write(
            [
                Entry(ids[d.key], d.zone_id, d.type, d.reader_ids, a.impacts(average_length))
                for d, a in analysed
            ]
        )

    @staticmethod
    def _count(counts: Counter[str]) -> None:
        """Add the changes to the term statistics, in term order (two indexers never deadlock),
        in one statement of two arrays: a batch of 1,000 documents changes some 30,000 terms."""
        changes = sorted((t, n) for t, n in counts.items() if n)
        if changes:
            db.session.execute(
                _COUNT,
                {"terms": [t for t, _n in changes], "counts": [n for _t, n in changes]},
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
        """Empty the index (in the caller's transaction) before a rebuild."""
        db.session.execute(text("TRUNCATE search_postings, search_entries, search_terms"))

    def optimize(self) -> bool:
        """Fresh planner statistics after a rebuild, so the first searches do not scan every
        document while autovacuum has yet to get to it (ANALYZE runs in a transaction); one
        step: False, nothing left to do."""
        db.session.execute(text("ANALYZE search_entries, search_terms, search_postings"))
        return False

    @staticmethod
    def _statistics(forms: set[str]) -> dict[str, int]:
        wanted = sorted(forms | {DOCS, WORDS})
        return dict(
            db.session.execute(
                select(terms.c.term, terms.c.documents).where(terms.c.term.in_(wanted))
            ).all()
        )

    def _plan(self, parsed: ParsedQuery, in_title: bool) -> _Plan | None:
        """What the engine looks for: the words' forms with their IDF, the phrases, the match
        conditions (for totals), the words' prefixes; None when there are no words (operators
        alone list documents newest first)."""
        words = analysis.query_words(parsed.words)
        forms = [analysis.stems(w) for w in words]
        phrases = [[analysis.dutch(w) for w in phrase] for phrase in parsed.phrases]
        if not (words or phrases):
            return None
        stats = self._statistics({f for fs in forms for f in fs} | {t for p in phrases for t in p})
        documents = max(stats.get(DOCS, 0), 1)
        weight = ":A" if in_title else ""  # titles are weighted A

        def idf(form_list: Iterable[str]) -> float:
            frequency = max(stats.get(f, 0) for f in form_list)
            return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))

        matching = [" | ".join(_quote(f) + weight for f in word_forms) for word_forms in forms]
        phrase_conditions = []
        for phrase in phrases:
            query = " <-> ".join(_quote(t) + weight for t in phrase)
            matching.append(f"({query})")
            phrase_conditions.append(
                (_matches(entries.c.tsv, query), 2 * idf(phrase) * PHRASE_IMPACT)
            )
        prefixes = [] if in_title else [w for w in words if len(w) >= analysis.PREFIX_MIN]
        prefix_query = " | ".join(f"{_quote(w)}:*" for w in prefixes)
        return _Plan(
            words=[(word_forms, idf(word_forms)) for word_forms in forms],
            phrases=phrase_conditions,
            matches=_matches(entries.c.tsv, " | ".join(matching)),
            prefix_matches=_matches(entries.c.words, prefix_query) if prefixes else None,
            most_frequent=max(stats.get(t, 0) for t in stats if t not in (DOCS, WORDS))
            if len(stats) > 2
            else 0,
        )

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
        """Ranked matches of the words' forms first; documents that match only by a prefix
        come after all of them (newest first), so they are only looked for when the forms do
        not fill the page. The total is exact when the candidates' pool holds every match,
        else "more than" the pool (see _pooled); with conditions only entries can check, it is
        counted up to TOTAL_CAP + 1."""
        # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for
        # any terms: a common term's walk planned like a rare one's read all its postings
        # (1.5 s instead of 2 ms). Plans made for the terms at hand, for this transaction.
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        plan = self._plan(parsed, filters.in_title)

        def narrowing(table: Table) -> list[ColumnElement[bool]]:
            return self._narrowing(table, zone_ids, user_id, filters)

        entry_filters = self._entry_filters(parsed, filters)
        conditions = [*narrowing(entries), *entry_filters]
        if plan is None:
            listed = _plain(conditions, 0.0)
            return Total.capped(self._total(conditions), TOTAL_CAP), self._rows(
                listed, limit, offset
            )
        matches, prefix_matches = plan.matches, plan.prefix_matches
        any_match = or_(matches, prefix_matches) if prefix_matches is not None else matches
        if plan.phrases or entry_filters or filters.in_title or not plan.words:
            total = Total.capped(self._total([*conditions, any_match]), TOTAL_CAP)
        else:
            total = self._pooled(plan, narrowing, conditions, max(DEPTH, offset + limit))
        if filters.in_title:
            entry_filters.append(matches)
        rows = self._ranked(
            plan, Ranked(plan.words, plan.phrases, entry_filters), narrowing, limit, offset
        )
        if len(rows) < limit and prefix_matches is not None:
            ranked = offset + len(rows) if rows else self._total([*conditions, matches])
            rows += self._rows(
                _plain([*conditions, prefix_matches, not_(matches)], PREFIX_SCORE),
                limit - len(rows),
                max(0, offset - ranked),
            )
        return total, rows

    @staticmethod
    def _pooled(
        plan: _Plan, narrowing: Narrowing, conditions: list[ColumnElement[bool]], depth: int
    ) -> Total:
        """The total from the pool the ranking reads: exact when no term has more readable
        postings than the pool takes (then the documents matching only by a prefix are
        counted too, up to `depth` entry visits); else "more than the pool", which is cheap."""
        count, exact = postgres_postings.pooled(plan.words, narrowing, depth)
        if exact and plan.prefix_matches is not None:
            prefixed = select(entries.c.id.label("doc")).where(plan.prefix_matches, *conditions)
            count, exact = postgres_postings.pooled(
                plan.words, narrowing, depth, prefixed.limit(depth)
            )
        if count > TOTAL_CAP:
            return Total(TOTAL_CAP, False)
        return Total(count, exact)

    def _ranked(
        self, plan: _Plan, ranked: Ranked, narrowing: Narrowing, limit: int, offset: int
    ) -> list[dict]:
        """The page from the pool of each term's best postings; again from every posting when
        conditions the postings cannot check (labels, excluded words, phrases, in:title) left
        the page short while a term has more postings than the pool read."""
        depth = max(DEPTH, offset + limit)
        hits = postgres_postings.page(
            postgres_postings.top(ranked, narrowing, depth), limit, offset
        )
        rows = self._rows(hits, limit, 0)
        narrowed = ranked.conditions or ranked.phrases
        if len(rows) < limit and narrowed and plan.most_frequent > depth:
            exact = postgres_postings.top(ranked, narrowing, None)
            rows = self._rows(postgres_postings.page(exact, limit, offset), limit, 0)
        return rows

    @staticmethod
    def _narrowing(
        table: Table, zone_ids: set[int], user_id: int, filters: Filters
    ) -> list[ColumnElement[bool]]:
        """What the user may read, narrowed by `type:` and `zone:`: fields that entries and
        postings both hold."""
        conditions = [readable(table, zone_ids, user_id)]
        if filters.type:
            conditions.append(table.c.type == filters.type)
        if filters.zone_id is not None:
            conditions.append(table.c.zone_id == filters.zone_id)
        return conditions

    @staticmethod
    def _entry_filters(parsed: ParsedQuery, filters: Filters) -> list[ColumnElement[bool]]:
        """The narrowing only entries can check: `by:`, `tag:` and the excluded words."""
        conditions = []
        authors = [filters.author_id] if filters.author_id is not None else []
        labels = _labels(authors, [filters.tag] if filters.tag else [])
        if labels:
            conditions.append(_matches(entries.c.tsv, " & ".join(map(_quote, labels))))
        excluded = [f for w in parsed.excluded for f in analysis.stems(w)]
        if excluded:
            conditions.append(not_(_matches(entries.c.tsv, " | ".join(map(_quote, excluded)))))
        return conditions

    @staticmethod
    def _total(conditions: list) -> int:
        capped = select(literal(1)).select_from(entries).where(*conditions).limit(TOTAL_CAP + 1)
        return db.session.execute(select(func.count()).select_from(capped.subquery())).scalar_one()

    @staticmethod
    def _rows(query: Select, limit: int, offset: int) -> list[dict]:
        """One page of hits, best score first, newest first among equals."""
        columns = query.selected_columns
        rows = db.session.execute(
            query.order_by(columns.score.desc(), columns.updated_at.desc())
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
