"""PostgreSQL full-text search, for scale-out: every process shares it, no index folder.

`search_entries.tsv` is a generated column weighting titles over bodies, stemmed as Dutch and as
English, with a GIN index. The tsquery is built from ParsedQuery with bound parameters through
plainto/phraseto_tsquery, which treat their input as plain text: no operator gets through.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    any_,
    delete,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, insert

from innovationzone.extensions import db
from innovationzone.search.documents import SearchDocument
from innovationzone.search.query import ParsedQuery

# Its own metadata: the table exists on PostgreSQL only (see the search migration).
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
    Column("tsv", TSVECTOR),
)
CONFIGS = ("dutch", "english")


def _either(function: str, text: str):
    """The text as a tsquery in Dutch OR English."""
    parts = [getattr(func, function)(literal_column(f"'{c}'::regconfig"), text) for c in CONFIGS]
    return parts[0].op("||")(parts[1])


class PostgresBackend:
    def ensure(self) -> None:
        """Nothing to create: the migration made the table."""

    def healthy(self) -> bool:
        db.session.execute(select(func.count()).select_from(entries).limit(1))
        return True

    def upsert(self, documents: Iterable[SearchDocument], delete_keys: Iterable[str] = ()) -> None:
        keys = list(delete_keys)
        if keys:
            db.session.execute(delete(entries).where(entries.c.key.in_(keys)))
        rows = [
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
            }
            for d in documents
        ]
        if rows:
            statement = insert(entries).values(rows)
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[entries.c.key],
                    set_={name: statement.excluded[name] for name in rows[0] if name != "key"},
                )
            )

    def clear(self) -> None:
        db.session.execute(delete(entries))

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
        positive = [_either("plainto_tsquery", w) for w in parsed.words]
        positive += [_either("phraseto_tsquery", " ".join(p)) for p in parsed.phrases]
        if not positive:
            return 0, []
        tsquery = positive[0]
        for part in positive[1:]:
            tsquery = tsquery.op("||")(part)
        for word in parsed.excluded:  # tsquery_not is the function behind the !! operator
            tsquery = tsquery.op("&&")(func.tsquery_not(_either("plainto_tsquery", word)))
        conditions = [
            entries.c.tsv.op("@@")(tsquery),
            or_(
                entries.c.zone_id.in_(zone_ids) if zone_ids else False,
                literal(user_id) == any_(entries.c.reader_ids),
            ),
        ]
        if type_:
            conditions.append(entries.c.type == type_)
        if zone_id is not None:
            conditions.append(entries.c.zone_id == zone_id)
        total = db.session.scalar(select(func.count()).select_from(entries).where(*conditions))
        rank = func.ts_rank_cd(entries.c.tsv, tsquery).label("score")
        rows = db.session.execute(
            select(entries.c.type, entries.c.object_id, entries.c.title, entries.c.body, rank)
            .where(*conditions)
            .order_by(rank.desc(), entries.c.updated_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return total, [
            {
                "type": r.type,
                "id": r.object_id,
                "score": float(r.score),
                "title": r.title,
                "body": r.body,
            }
            for r in rows
        ]
