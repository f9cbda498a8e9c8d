"""BM25 on PostgreSQL with work bounded by the page asked for, not by how many documents match.

An OR of a few words matches most documents, and scoring every match (ts_rank over each row,
then a sort) grew with the collection: 0.9 s p95 at 20,000 documents. Instead every (term,
document) pair is a row of `search_postings` holding the document's BM25 term weight for that
term (its "impact": saturated term frequency, a title word counting three times, with the length
norm), indexed on (term, impact DESC). A query walks down the best `depth` postings of each of
its terms (skipping, inside the index walk, what the reader may not see), takes the union of
those documents, and scores exactly those: per word the best impact among its forms times the
word's IDF, summed. The IDF is read from `search_terms` at query time, so it is always current;
an impact keeps the average document length of the moment it was written (it drifts slowly as
the collection grows, and `search reindex` refreshes it): bounded staleness, said here on
purpose.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import psycopg
from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Subquery,
    Table,
    any_,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from innovationzone.extensions import db
from innovationzone.search.postgres_tables import entries, postings

K1, B = 1.2, 0.75  # Okapi BM25's usual constants
TITLE_WEIGHT = 3  # a title word counts as three body words (nDCG@10 0.817; 0.816 at two)
DEPTH = 100  # postings read per query term for a first page: the candidates' pool
PHRASE_IMPACT = 1.0  # a phrase match weighs like a word found about twice in an average text


def impact(title_count: int, body_count: int, length: int, average_length: float) -> float:
    """A term's BM25 weight in one document, without the IDF (which changes with every save
    anywhere, so it is applied at query time)."""
    frequency = TITLE_WEIGHT * title_count + body_count
    norm = K1 * (1 - B + B * length / max(average_length, 1.0))
    return frequency * (K1 + 1) / (frequency + norm)


@dataclass(frozen=True)
class Entry:
    """Where one written entry's postings go, and the filter fields copied onto them."""

    doc: int
    zone_id: int | None
    type: str
    reader_ids: Sequence[int]
    impacts: dict[str, float]


def write(written: list[Entry]) -> None:
    """Insert the postings of freshly written entries with COPY, in the caller's transaction:
    a document has a hundred or more, and COPY was the one way fast enough to load 100,000
    documents in minutes (parameter sets per posting, or arrays, were several times slower)."""
    connection = cast(psycopg.Connection, db.session.connection().connection.driver_connection)
    copy_sql = "COPY search_postings (doc, term, impact, zone_id, type, reader_ids) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for entry in written:
            # outside zones, who may read travels with the posting
            readers = list(entry.reader_ids) if entry.zone_id is None else None
            for term, weight in entry.impacts.items():
                copy.write_row((entry.doc, term, weight, entry.zone_id, entry.type, readers))


def forget(docs: list[int]) -> None:
    """Remove the postings of entries about to be replaced or deleted."""
    if docs:
        db.session.execute(postings.delete().where(postings.c.doc.in_(docs)))


@dataclass(frozen=True)
class Ranked:
    """A query for the ranking: each word's forms with the word's IDF, the phrases (tsquery
    conditions with their bonus), and the entry conditions that postings cannot check."""

    words: list[tuple[tuple[str, ...], float]]
    phrases: list[tuple[ColumnElement[bool], float]]
    conditions: list[ColumnElement[bool]]


Narrowing = Callable[[Table], list[ColumnElement[bool]]]


def readable(table: Table, zone_ids: set[int], user_id: int) -> ColumnElement[bool]:
    """The permission filter, said of postings or of entries: a readable zone, or a named
    reader (documents outside zones)."""
    return or_(
        table.c.zone_id.in_(zone_ids) if zone_ids else false(),
        literal(user_id) == any_(table.c.reader_ids),
    )


def top(ranked: Ranked, narrowing: Narrowing, depth: int | None) -> Select:
    """The scored candidates (doc, score), unordered. `narrowing` gives the conditions on the
    fields postings copy from their entry (permission, type, zone) for either table; `depth`
    None reads every posting of every term (exact, for a page the pool could not fill)."""
    query_terms = _query_terms(ranked.words)
    forms = sorted({form for forms, _idf in ranked.words for form in forms})
    pools = _walks(forms, narrowing, depth)
    for phrase, _bonus in ranked.phrases:
        found = select(entries.c.id.label("doc")).where(phrase, *narrowing(entries))
        pools.append(found.limit(depth) if depth is not None else found)
    candidates = union(*pools).cte("candidates")
    # Each candidate's score from its own postings of the query's terms: a lateral, so it is
    # a probe of the (doc, term) key per candidate whatever the planner guesses of the pool.
    per_word = (
        select(func.max(query_terms.c.idf * postings.c.impact).label("best"))
        .select_from(query_terms)
        .join(postings, postings.c.term == query_terms.c.term)
        # the terms again as a list the planner can see: one candidate's handful of postings
        # by the (doc, term) key, not a term's thousands filtered by doc
        .where(postings.c.doc == candidates.c.doc, postings.c.term.in_(forms))
        .group_by(query_terms.c.word)
        .correlate(candidates)
        .subquery("per_word")
    )
    word_scores = (
        select(func.sum(per_word.c.best).label("score")).select_from(per_word).lateral("scores")
    )
    score: ColumnElement[float] = func.coalesce(word_scores.c.score, 0.0)
    scored = select(candidates.c.doc, score.label("score")).select_from(
        candidates.join(word_scores, true())
    )
    if not (ranked.phrases or ranked.conditions):
        return scored
    for phrase, bonus in ranked.phrases:
        score = score + case((phrase, bonus), else_=0.0)
    return (
        select(candidates.c.doc, score.label("score"))
        .select_from(
            candidates.join(entries, entries.c.id == candidates.c.doc).join(word_scores, true())
        )
        .where(*ranked.conditions)
    )


def pooled(
    words: list[tuple[tuple[str, ...], float]],
    narrowing: Narrowing,
    depth: int,
    also: Select | None = None,
) -> tuple[int, bool]:
    """How many readable documents the candidates' pool holds (each term's best `depth`
    postings, plus `also`: entry ids labelled doc, limited to `depth`), and whether that is all
    that match: False when a part was cut at `depth`, so more match than counted. The pool is
    what the ranking reads anyway (its index pages are in cache); counting on to TOTAL_CAP + 1
    postings per term was most of a common word's search time at 100,000 documents."""
    forms = sorted({form for forms, _idf in words for form in forms})
    walks = _walks(forms, narrowing, depth) + ([also] if also is not None else [])
    parts = [walk.subquery() for walk in walks]
    tagged = union_all(*(select(p.c.doc, literal(n).label("part")) for n, p in enumerate(parts)))
    rows = db.session.execute(tagged).all()
    sizes = Counter(part for _doc, part in rows)
    return len({doc for doc, _part in rows}), all(size < depth for size in sizes.values())


def _walks(forms: list[str], narrowing: Narrowing, depth: int | None) -> list[Select]:
    """For each term, its best `depth` readable postings' documents (all with None): one
    statement per term, each naming its term, so the planner sees how many postings that term
    has (from a list of terms it guessed a few dozen, and chose to read them all)."""
    walks = []
    for form in forms:
        walk = select(postings.c.doc).where(postings.c.term == form, *narrowing(postings))
        if depth is not None:
            walk = walk.order_by(postings.c.impact.desc()).limit(depth)
        walks.append(walk)
    return walks


def page(scored: Select, limit: int, offset: int) -> Select:
    """The hits of one page of scored candidates: only these entries are read (titles, bodies
    for snippets). Equal scores go newest first."""
    best = (
        scored.order_by(scored.selected_columns.score.desc(), scored.selected_columns.doc.desc())
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )
    return select(
        entries.c.type,
        entries.c.object_id,
        entries.c.title,
        entries.c.body,
        entries.c.url,
        entries.c.zone_id,
        entries.c.updated_at,
        best.c.score,
    ).join(best, best.c.doc == entries.c.id)


def _query_terms(words: list[tuple[tuple[str, ...], float]]) -> Subquery:
    """(term, word, idf) rows: every form of every query word, with the word it stands for."""
    rows = [(form, n, idf) for n, (forms, idf) in enumerate(words) for form in forms]
    return select(
        func.unnest(bindparam("q_terms", [r[0] for r in rows], ARRAY(String))).label("term"),
        func.unnest(bindparam("q_words", [r[1] for r in rows], ARRAY(Integer))).label("word"),
        func.unnest(bindparam("q_idfs", [r[2] for r in rows], ARRAY(Float))).label("idf"),
    ).subquery("q")
