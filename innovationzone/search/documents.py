"""What search indexes: a flat document per page, post, comment, message, question or chat
room, and the sources
(one per feature) that turn a stored object into one.

A document belongs to a zone (readable by whoever may read the zone) or, outside zones (direct
messages), names its readers. The engines filter on exactly these two fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TYPES = ("page", "post", "comment", "message", "question", "room")


@dataclass(frozen=True)
class SearchDocument:
    """What every feature hands to the search engine: text, where it lives and who may read it,
    in one shape for all engines."""

    type: str
    id: int
    title: str
    body: str
    url: str
    zone_id: int | None
    updated_at: datetime
    reader_ids: tuple[int, ...] = field(default_factory=tuple)
    author_ids: tuple[int, ...] = field(default_factory=tuple)  # what `by:` finds
    tags: tuple[str, ...] = field(default_factory=tuple)  # what `tag:` finds
    # A comment's title is its post's and a message's its room's: shown with the hit, to say
    # where it was found, but not searched, so that each is found by its own words (else the
    # short comments under a post titled "Retouren ..." outranked the post for "retouren").
    title_is_context: bool = False

    @property
    def searched_title(self) -> str:
        """The title as the engines search and rank it: none when it only names the place."""
        return "" if self.title_is_context else self.title

    @property
    def key(self) -> str:
        """The engine's unique key, type and id together, since ids repeat across types."""
        return f"{self.type}:{self.id}"


@dataclass(frozen=True)
class PreparedBatch:
    """Documents with what an engine computes from them alone (FTS5: the analysed rows), made
    before the write transaction: the indexer holds the writer lock, which every chat send
    waits for on SQLite, only for the writes themselves."""

    documents: list[SearchDocument]
    rows: list[dict[str, Any]] = field(default_factory=list)


class WritesUnprepared:
    """For engines with nothing to compute ahead of the write: a batch is its documents."""

    def prepare(self, documents: Iterable[SearchDocument]) -> PreparedBatch:
        """The batch as it is; the engine analyses while it writes."""
        return PreparedBatch(list(documents))

    def write(self, batch: PreparedBatch, delete_keys: Iterable[str] = ()) -> None:
        """Write a prepared batch: the same as upsert of its documents."""
        self.upsert(batch.documents, delete_keys)

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        """Each engine's own write, in the caller's transaction."""
        raise NotImplementedError


@dataclass(frozen=True)
class Source:
    """How a feature hands its objects to search: many by id (what the outbox drain uses: a
    constant number of queries per batch, so a burst of chat messages costs the indexer a few
    SELECTs, not one per message; an id left out of the answer, deleted, hidden or unpublished,
    is removed from the index), or all, and the object itself, for the permission re-check of
    every hit. `load_objects` does that re-check's loading for a whole page of hits in one
    query, leaving out what is gone."""

    type: str
    load_many: Callable[[list[int]], dict[int, SearchDocument]]
    load_all: Callable[[], Iterable[SearchDocument]]
    count_all: Callable[[], int]
    load_object: Callable[[int], Any]
    load_objects: Callable[[list[int]], dict[int, Any]] | None = None
    # The title a hit shows, read from the object the re-check loaded, for a title that is
    # only context (a message's room's name): a rename then needs no reindex of every message.
    shown_title: Callable[[Any], str] | None = None

    def title_of(self, obj: Any, stored: str) -> str:
        """The title to show with a hit on `obj`: the live one when the source has it, else
        the engine's stored copy."""
        return self.shown_title(obj) if self.shown_title is not None else stored

    def objects(self, ids: list[int]) -> dict[int, Any]:
        """The live objects behind a page of hits, in one query when the source can, leaving out
        those gone since indexing."""
        if self.load_objects is not None:
            return self.load_objects(ids)
        found = {object_id: self.load_object(object_id) for object_id in ids}
        return {object_id: obj for object_id, obj in found.items() if obj is not None}


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Features register their documents at start-up; an unknown type is a programming error,
    refused at once."""
    if source.type not in TYPES:
        raise ValueError(f"unknown search document type {source.type!r}")
    _sources[source.type] = source


def register_model_source(
    type_: str,
    model: Any,
    live: Any,
    to_document: Callable[[Any], SearchDocument | None],
    load_object: Callable[[int], Any] | None = None,
    eager: Sequence[Any] = (),
    to_documents: Callable[[list[Any]], list[SearchDocument | None]] | None = None,
    shown_title: Callable[[Any], str] | None = None,
) -> None:
    """A source over one model: `live` selects the rows that belong in the index, `to_document`
    turns a row into a document (None when it must not be found), `load_object` gives what the
    permission re-check looks at (the row itself unless said otherwise; it runs on rows `live`
    just loaded, so a lookup by id there costs no query). `eager` are the loader options that
    load what `to_document` touches with the rows, and `to_documents` turns a list of rows into
    documents in order with its own few queries (for what no relationship reaches), so that
    `load_many` runs a number of queries independent of how many ids it is given.
    `shown_title` names a hit from what `load_object` gives (see Source)."""
    from sqlalchemy import func, select

    from innovationzone.extensions import db

    def load_all() -> Iterable[SearchDocument]:
        return (doc for doc in map(to_document, db.session.scalars(live)) if doc is not None)

    def load_objects(ids: list[int]) -> dict[int, Any]:
        rows = db.session.scalars(live.where(model.id.in_(ids))).all()
        return {row.id: load_object(row.id) if load_object else row for row in rows}

    def load_many(ids: list[int]) -> dict[int, SearchDocument]:
        rows = list(db.session.scalars(select(model).where(model.id.in_(ids)).options(*eager)))
        documents = to_documents(rows) if to_documents else [to_document(row) for row in rows]
        return {doc.id: doc for doc in documents if doc is not None}

    register_source(
        Source(
            type=type_,
            load_many=load_many,
            load_all=load_all,
            count_all=lambda: db.session.execute(
                select(func.count()).select_from(live.subquery())
            ).scalar_one(),
            load_object=load_object or (lambda object_id: db.session.get(model, object_id)),
            load_objects=load_objects,
            shown_title=shown_title,
        )
    )


def sources() -> list[Source]:
    """The registered sources in the fixed TYPES order, so a reindex and its progress bar are
    deterministic."""
    return [_sources[t] for t in TYPES if t in _sources]


def source(type_: str) -> Source | None:
    """The source of one document type, or None when that feature is not loaded."""
    return _sources.get(type_)
