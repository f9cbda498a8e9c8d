"""SQLite FTS5, the embedded default: the index lives in the app's own SQLite database.

Why FTS5 and not Whoosh: measured with bench/search.py, Whoosh answered in p95 1.5 s at 5,000
documents and indexed 8 documents a second (pure Python); FTS5 does both in C, with BM25.

Why in the app's database and not a file of its own: the indexer writes the entries and deletes
the outbox rows in one transaction, so a crash can never leave a change marked indexed that is
not; a backup (SQLite's online backup API) holds an index consistent with its content; and
there is one writer lock, not two to order. What it costs is that index writes take the
database's single writer lock: measured, one saved page's entry adds about a millisecond to a
write the outbox makes anyway, and `search reindex` writes in batches of 200 documents, holding
the lock for tens of milliseconds per batch. Several processes share the file through WAL and
BEGIN IMMEDIATE like every other write (`db.write_transaction`).

Texts go through `analysis` (the analysis Whoosh and PostgreSQL get too) and FTS5 only splits
our terms on spaces (the `ascii` tokenizer keeps non-ASCII characters and `_` in a term):
`title`/`body` hold each word's Dutch form at the word's position (phrases match there),
`title_en`/`body_en` the English form where it differs, `words` the distinct plain words (for
prefix matches and, through `search_fts_vocab`, "did you mean"), `labels` what the permission
filter and the operators select on (`z<zone>`, `u<reader>`, `by<author>`, `tag_<tag>`,
`type_<type>`). Every condition is one FTS5 MATCH expression built from our own query objects,
each term quoted (terms are word characters only), so no FTS5 syntax typed by a user gets through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import BindParameter, bindparam, text

from innovationzone.asyncmode import run_blocking
from innovationzone.extensions import db
from innovationzone.search import analysis
from innovationzone.search.documents import PreparedBatch, SearchDocument
from innovationzone.search.query import TOTAL_CAP, Filters, ParsedQuery, Total, tag_term

DOCUMENTS, FTS, VOCABULARY = "search_fts_documents", "search_fts", "search_fts_vocab"
SIZES = f"{FTS}_docsize"  # FTS5's own table of one small row per document, by row id
TERM_COLUMNS = "{title body title_en body_en}"
TITLE_COLUMNS = "{title title_en}"
# bm25() weights for title, body, title_en, body_en, words, labels: a title word counts twice
# (as on the other engines); prefixes and labels select but never rank.
RANK = f"bm25({FTS}, 2.0, 1.0, 2.0, 1.0, 0.0, 0.0)"
PREFIX_SCORE = 0.01  # below any document that matches a word's forms
# FTS5 computes bm25() for every match before it can sort, so a query matching half of 100,000
# documents costs in proportion (measured: 10-20 microseconds a match on this 2-core machine
# under load). Only the RANK_WINDOW most recently indexed matches are ranked (recency as the
# static rank an engine prunes by); the older ones follow them, latest first. Queries whose
# words are rare enough, the most searched for, are ranked in full.
# It must stay above TOTAL_CAP: search() takes a window to mean "more than the cap match".
RANK_WINDOW = 3000
# bm25() also counts, for each phrase, every document holding it (its IDF), by reading that
# phrase's whole posting list with positions (for the column filter): at 100,000 documents a
# word in nearly all of them costs 15-25 ms a phrase, most of a 2- or 3-word query's time
# (bench/search.py: 55 / 65 ms p95). Yet bm25() gives a phrase in half the documents or more no
# weight (its IDF is clamped to 1e-6). So once the index is large enough for that count to cost
# (COMMON_FLOOR documents, a common phrase then has 3,000 matches or more), the share of each
# phrase is estimated in the COMMON_SAMPLE most recent documents (a bounded count), and the
# phrases in half of them or more are left out of the ranking: the documents matching only
# those follow the ranked ones, latest first (those with such a phrase in a title first). A smaller index is ranked by bm25() in full.
COMMON_FLOOR = 2 * RANK_WINDOW
COMMON_SAMPLE = 2000
MERGE_PAGES = 2000  # index pages (about 4 KB each) optimize() writes per write transaction


def _quoted(terms: Iterable[str]) -> str:
    """Terms as FTS5 strings OR-ed; they are \\w only, so quoting is all the escaping needed."""
    return " OR ".join(f'"{t}"' for t in terms)


def _analysed(value: str) -> tuple[str, str, list[str]]:
    """A text's Dutch forms in order, its differing English forms, and its plain words."""
    dutch, english, plain = [], [], []
    for _position, word, forms in analysis.analyse(value):
        plain.append(word)
        dutch.append(forms[-1])  # stems() gives (english,) or (english, dutch)
        if len(forms) > 1:
            english.append(forms[0])
    return " ".join(dutch), " ".join(english), plain


def _labels(document: SearchDocument) -> str:
    labels = [f"type_{document.type}"]
    labels.append(f"z{document.zone_id}" if document.zone_id is not None else "nozone")
    labels += [f"u{i}" for i in document.reader_ids] + [f"by{i}" for i in document.author_ids]
    labels += [f"tag_{t}" for t in map(tag_term, document.tags) if t]
    return " ".join(labels)


def _rows(documents: list[SearchDocument], first: int) -> list[dict[str, Any]]:
    """The FTS5 rows of documents numbered from `first` (0 before the write, which adds its
    first free row id). The analysis is pure Python (Snowball
    most of it): under eventlet it runs on a real thread, so the hub gets its turn every few
    milliseconds (the GIL's switch interval) instead of waiting for a whole batch."""
    return [_row(d, first + n) for n, d in enumerate(documents)]


def _row(document: SearchDocument, rowid: int) -> dict[str, Any]:
    """The FTS5 columns of one document."""
    title, title_en, title_words = _analysed(document.searched_title)
    body, body_en, body_words = _analysed(document.body)
    return {
        "rowid": rowid,
        "title": title,
        "body": body,
        "title_en": title_en,
        "body_en": body_en,
        "words": " ".join(dict.fromkeys(title_words + body_words)),
        "labels": _labels(document),
    }


class Fts5Backend:
    """The same interface as WhooshBackend and PostgresBackend (see backend.py)."""

    def ensure(self) -> bool:
        """The tables come from the migrations; True when the index holds nothing yet (a new
        installation, or one that just switched to this engine), so the caller fills it from
        the database: with no entries that is either needed or instant."""
        return db.session.execute(text(f"SELECT 1 FROM {DOCUMENTS} LIMIT 1")).first() is None

    def healthy(self) -> bool:
        """The index answers a query."""
        db.session.execute(text(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH 'nozone' LIMIT 1"))
        return True

    def prepare(self, documents: Iterable[SearchDocument]) -> PreparedBatch:
        """The documents in the order of their changes with their analysed FTS5 rows: the
        analysis (Snowball, most of an index write's CPU) needs no lock, so it runs before
        the write transaction."""
        ordered = sorted(documents, key=lambda d: d.updated_at)
        return PreparedBatch(ordered, run_blocking(_rows, ordered, 0))

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        """Replace the entries of `documents` and drop those of `delete_keys`, in the caller's
        write transaction."""
        self.write(self.prepare(documents), delete_keys)

    def write(self, batch: PreparedBatch, delete_keys: Iterable[str] = ()) -> None:
        """Write a prepared batch, in the caller's write transaction. A changed document gets a
        new row id, so row ids follow the order of changes (what "latest first" and
        RANK_WINDOW go by); the writer lock the transaction holds makes max(id) + 1 safe."""
        documents = batch.documents
        keys = {"keys": list(delete_keys) + [d.key for d in documents]}
        session = db.session
        if keys["keys"]:
            old = f"SELECT id FROM {DOCUMENTS} WHERE key IN :keys"
            session.execute(
                text(f"DELETE FROM {FTS} WHERE rowid IN ({old})").bindparams(_expanding("keys")),
                keys,
            )
            session.execute(
                text(f"DELETE FROM {DOCUMENTS} WHERE key IN :keys").bindparams(_expanding("keys")),
                keys,
            )
        if not documents:
            return
        first = session.scalar(text(f"SELECT coalesce(max(id), 0) + 1 FROM {DOCUMENTS}"))
        session.execute(
            text(
                f"INSERT INTO {DOCUMENTS} (id, key, type, object_id, zone_id, title, body, url,"
                " updated_at) VALUES (:id, :key, :type, :object_id, :zone_id, :title, :body,"
                " :url, :updated_at)"
            ),
            [
                {
                    "id": first + n,
                    "key": d.key,
                    "type": d.type,
                    "object_id": d.id,
                    "zone_id": d.zone_id,
                    "title": d.title,
                    "body": d.body,
                    "url": d.url,
                    "updated_at": d.updated_at,
                }
                for n, d in enumerate(documents)
            ],
        )
        session.execute(
            text(
                f"INSERT INTO {FTS} (rowid, title, body, title_en, body_en, words, labels)"
                " VALUES (:rowid, :title, :body, :title_en, :body_en, :words, :labels)"
            ),
            [{**row, "rowid": first + row["rowid"]} for row in batch.rows],
        )

    def clear(self) -> None:
        """Drop every entry (before a rebuild), in the caller's write transaction."""
        db.session.execute(text(f"DELETE FROM {FTS}"))
        db.session.execute(text(f"DELETE FROM {DOCUMENTS}"))

    def optimize(self) -> bool:
        """One step of merging the index's segments into one, in the caller's write
        transaction; True while there is more to merge. A bulk load leaves dozens of segments,
        and every MATCH reads each term's postings from each of them: at 100,000 documents
        (bench/search.py, load 2-4) 1-word queries went from p50/p95 44/77 ms to 15/34 after
        the merge. In steps of MERGE_PAGES because one FTS5 'optimize' rewrites the whole index
        under the writer lock (2.2-2.4 s of merging in all at 100,000 documents, more on a
        busier machine or a bigger index, against a 10 s busy_timeout); a step is a fraction.
        Incremental upserts need no such call: FTS5's automerge (left at its default) kept
        20,000 single upserts in at most 23 segments, 13 at the end, where 1-word queries took
        p50/p95 8.6/17.5 ms against 5.9/14.3 once optimized (bench/fts5_segments.py, load 3.9):
        not worth a periodic rewrite of the index."""
        changes = text("SELECT total_changes()")
        before = db.session.scalar(changes)
        # a negative page count merges every segment, as 'optimize' does, but stops after it
        db.session.execute(
            text(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('merge', :pages)"),
            {"pages": -MERGE_PAGES},
        )
        return db.session.scalar(changes) - before >= 2  # FTS5's sign that the step did work

    def word_frequency(self, word: str) -> int:
        """How many documents hold this plain word (for "did you mean")."""
        found = db.session.scalar(
            text(f"SELECT doc FROM {VOCABULARY} WHERE col = 'words' AND term = :word"),
            {"word": word},
        )
        return found or 0

    def words_starting(self, letter: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        """Indexed plain words starting with `letter`, `shortest` to `longest` long, with how
        many documents hold each."""
        rows = db.session.execute(
            text(
                f"SELECT term, doc FROM {VOCABULARY} WHERE col = 'words' AND term >= :first"
                " AND term < :after AND length(term) BETWEEN :shortest AND :longest"
            ),
            {
                "first": letter,
                "after": letter[:-1] + chr(ord(letter[-1]) + 1),
                "shortest": shortest,
                "longest": longest,
            },
        )
        return [(term, documents) for term, documents in rows]

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
        """BM25-ranked matches of the words' forms and phrases first; then, latest first, the
        matches left out of the ranking window (see RANK_WINDOW), the documents matching only
        phrases too common to rank (see COMMON_FLOOR) and those matching only by a prefix, each
        looked for only when what comes before does not fill the page. Only what the user may
        read is ever matched; the total is counted up to TOTAL_CAP + 1, never further."""
        query = _Expressions(parsed, zone_ids, user_id, filters)
        if not query.phrases:
            listed = _Match(query.listed())
            return Total.capped(self._count(listed), TOTAL_CAP), self._latest(listed, limit, offset)
        tiers, windowed = self._tiers(query)
        rows: list[dict] = []
        for match, fetch in tiers:
            if len(rows) == limit:
                break
            page = fetch(match, limit - len(rows), offset)
            rows += page
            # a tier that answered nothing held no more rows than the offset skipped
            offset = 0 if page else offset - self._count(match, cap=offset)
        # a window means more than RANK_WINDOW (> TOTAL_CAP) match: nothing left to count
        total = TOTAL_CAP + 1 if windowed else 0
        for match, _fetch_tier in tiers:  # they never overlap; the costliest (prefixes) last
            if total > TOTAL_CAP:
                break
            total += self._count(match, cap=TOTAL_CAP + 1 - total)
        return Total.capped(total, TOTAL_CAP), rows

    def _tiers(self, query: _Expressions) -> tuple[list[_Tier], bool]:
        """The disjoint parts of a search's matches in the order they are shown, each with how
        it is read; and whether the ranked part has a window (more than RANK_WINDOW match)."""
        common = self._common(query.phrases)
        ranked = [p for p in query.phrases if p not in common]
        tiers: list[_Tier] = []
        window_start = 0
        if ranked:
            expression = query.matching(ranked)
            window_start = self._window_start(expression)
            tiers.append((_Match(expression, low=window_start), self._ranked))
            if window_start:
                tiers.append((_Match(expression, high=window_start), self._latest))
        if common:  # in a title first, as bm25() (title weighted 2) mostly had them
            shared = [p for p in query.phrases if p in common]
            titled = [query.titled[p] for p in shared]
            tiers.append((_Match(query.matching(titled, but_not=ranked)), self._latest))
            if titled != shared:
                expression = query.matching(shared, but_not=ranked + titled)
                tiers.append((_Match(expression), self._latest))
        if query.prefix is not None:
            tiers.append((_Match(query.prefix_match()), self._latest))
        return tiers, bool(window_start)

    @staticmethod
    def _common(phrases: list[str]) -> set[str]:
        """The phrases in half the COMMON_SAMPLE most recent documents or more, once the index
        holds COMMON_FLOOR documents (else none): bm25() would give them no weight, after
        reading every one of their postings. Counting in the sample reads its postings only."""
        found = _fetch(
            f"SELECT (SELECT id FROM {SIZES} ORDER BY id DESC LIMIT 1 OFFSET :floor),"
            f" (SELECT id FROM {SIZES} ORDER BY id DESC LIMIT 1 OFFSET :sample)",
            {"floor": COMMON_FLOOR - 1, "sample": COMMON_SAMPLE - 1},
        )
        if found[0][0] is None:
            return set()
        distinct = list(dict.fromkeys(phrases))
        counts = _fetch(
            "SELECT "
            + ", ".join(
                f"(SELECT count(*) FROM {FTS} WHERE {FTS} MATCH :p{n} AND rowid >= :first)"
                for n in range(len(distinct))
            ),
            {"first": found[0][1], **{f"p{n}": p for n, p in enumerate(distinct)}},
        )[0]
        return {p for p, count in zip(distinct, counts, strict=True) if 2 * count >= COMMON_SAMPLE}

    @staticmethod
    def _window_start(match: str) -> int:
        """The row id where the RANK_WINDOW most recently indexed matches start, or 0 when
        fewer match (then all are ranked). FTS5 walks row ids without reading positions: cheap."""
        found = _fetch(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH :match"
            " ORDER BY rowid DESC LIMIT 1 OFFSET :window",
            {"match": match, "window": RANK_WINDOW - 1},
        )
        return found[0][0] if found else 0

    @staticmethod
    def _count(match: _Match, cap: int | None = None) -> int:
        """How many documents match, counted up to `cap` (an offset to skip), by default up to
        TOTAL_CAP + 1 (a total)."""
        return _fetch(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {_Match.WHERE} LIMIT :cap)",
            {**match.params(), "cap": TOTAL_CAP + 1 if cap is None else cap},
        )[0][0]

    @staticmethod
    def _ranked(match: _Match, limit: int, offset: int) -> list[dict]:
        """The page of best matches: ranked inside FTS5 alone, then joined to their stored
        text (for titles and snippets) for the page only."""
        return _hits(
            _fetch(
                f"WITH page AS (SELECT rowid, {RANK} AS rank FROM {FTS} WHERE {_Match.WHERE}"
                " ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset)"
                " SELECT d.type, d.object_id, d.title, d.body, d.url, d.zone_id, -page.rank"
                f" FROM page JOIN {DOCUMENTS} d ON d.id = page.rowid"
                " ORDER BY page.rank, page.rowid DESC",
                {**match.params(), "limit": limit, "offset": offset},
            )
        )

    @staticmethod
    def _latest(match: _Match, limit: int, offset: int) -> list[dict]:
        """Matches in the order they were indexed, the latest first: FTS5 walks its row ids
        backwards and stops at the page, however many match."""
        return _hits(
            _fetch(
                f"WITH page AS (SELECT rowid FROM {FTS} WHERE {_Match.WHERE}"
                " ORDER BY rowid DESC LIMIT :limit OFFSET :offset)"
                f" SELECT d.type, d.object_id, d.title, d.body, d.url, d.zone_id, {PREFIX_SCORE}"
                f" FROM page JOIN {DOCUMENTS} d ON d.id = page.rowid ORDER BY page.rowid DESC",
                {**match.params(), "limit": limit, "offset": offset},
            )
        )


@dataclass(frozen=True)
class _Match:
    """A MATCH expression over the row ids from `low` up to (not including) `high`: FTS5 takes
    row id bounds into its own scan."""

    expression: str
    low: int = 0
    high: int = 2**62
    WHERE: ClassVar[str] = f"{FTS} MATCH :match AND rowid >= :low AND rowid < :high"

    def params(self) -> dict[str, Any]:
        return {"match": self.expression, "low": self.low, "high": self.high}


_Tier = tuple[_Match, Callable[[_Match, int, int], list[dict]]]


class _Expressions:
    """The FTS5 MATCH expressions of one search: what the user may read and the operators ask
    (`allowed`), each form of each word and each quoted phrase as a phrase of its own
    (`phrases`, in the query's order: a word typed twice counts twice, as in bm25()), each of
    those in a title only (`titled`), their prefixes (`prefix`) and the excluded words.
    Operators take precedence: NOT binds tighter than AND, AND than OR; every part is
    parenthesised anyway."""

    def __init__(
        self, parsed: ParsedQuery, zone_ids: set[int], user_id: int, filters: Filters
    ) -> None:
        readable = [f"z{z}" for z in sorted(zone_ids)] + [f"u{user_id}"]
        required = [f"type_{filters.type}"] if filters.type else []
        if filters.zone_id is not None:
            required.append(f"z{filters.zone_id}")
        if filters.author_id is not None:
            required.append(f"by{filters.author_id}")
        if filters.tag:
            required.append(f"tag_{filters.tag}")
        self.allowed = " AND ".join(
            f"labels : ({_quoted(terms)})" for terms in [readable, *([r] for r in required)]
        )
        in_title = filters.in_title
        columns = TITLE_COLUMNS if in_title else TERM_COLUMNS
        words = analysis.query_words(parsed.words)
        forms = [f'"{form}"' for w in words for form in analysis.stems(w)]
        quoted = [f'"{" ".join(analysis.dutch(w) for w in phrase)}"' for phrase in parsed.phrases]
        self.phrases = [f"{columns} : {f}" for f in forms]
        self.phrases += [f"{'title' if in_title else '{title body}'} : {q}" for q in quoted]
        # each phrase matched in a title only
        self.titled = dict(
            zip(
                self.phrases,
                [f"{TITLE_COLUMNS} : {f}" for f in forms] + [f"title : {q}" for q in quoted],
                strict=True,
            )
        )
        prefixes = [] if in_title else [w for w in words if len(w) >= analysis.PREFIX_MIN]
        self.prefix = (
            "words : (" + " OR ".join(f'"{w}" *' for w in prefixes) + ")" if prefixes else None
        )
        excluded = [form for w in parsed.excluded for form in analysis.stems(w)]
        self.excluded = f"{TERM_COLUMNS} : ({_quoted(excluded)})" if excluded else None

    def _without(self, match: str, *unwanted: str | None) -> str:
        left_out = [u for u in (*unwanted, self.excluded) if u]
        if not left_out:
            return match
        return f"({match}) NOT ({' OR '.join(f'({u})' for u in left_out)})"

    def listed(self) -> str:
        """No words: everything the user may read that the operators select."""
        return self._without(self.allowed)

    def matching(self, phrases: Sequence[str], but_not: Sequence[str] = ()) -> str:
        """Readable documents matching any of `phrases` and none of `but_not`."""
        return self._without(f"{self.allowed} AND ({_either(phrases)})", _either(but_not))

    def prefix_match(self) -> str:
        """Matches by a prefix alone (those matching a form or phrase come before)."""
        return self._without(f"{self.allowed} AND ({self.prefix})", _either(self.phrases))


def _either(parts: Sequence[str]) -> str | None:
    """FTS5 expressions OR-ed, each parenthesised; None for none."""
    return " OR ".join(f"({p})" for p in parts) or None


def _expanding(name: str) -> BindParameter[Any]:
    return bindparam(name, expanding=True)


def _fetch(sql: str, params: dict[str, Any]) -> Sequence[Any]:
    """Run a read on a real thread under eventlet: FTS5 ranks in C without the GIL, so other
    sockets are served meanwhile (on the hub, each search would stall them all). The session's
    transaction is begun here on the hub; the thread only runs the statement on the plain
    sqlite3 connection, never SQLAlchemy, whose locks are green ones under eventlet."""
    connection = db.session.connection().connection.dbapi_connection
    return run_blocking(_execute, connection, sql, params)


def _execute(connection: Any, sql: str, params: dict[str, Any]) -> list[Any]:
    cursor = connection.cursor()
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


def _hits(rows: Sequence[Any]) -> list[dict]:
    return [
        {
            "type": r[0],
            "id": r[1],
            "title": r[2],
            "body": r[3],
            "url": r[4],
            "zone_id": r[5],
            "score": float(r[6]),
        }
        for r in rows
    ]
