"""The PostgreSQL search tables, as the search migrations made them (PostgreSQL only).

`search_entries` holds one row per document: what a hit shows, the tsvectors that match
phrases, prefixes and the `by:`/`tag:` labels, and the permission fields. `search_terms` counts
the documents per term (the IDF of ranking). `search_postings` holds one row per (term,
document) with the document's precomputed BM25 term weight, indexed on (term, impact DESC): a
query reads the few best postings of each of its terms instead of scoring every match.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

# Their own metadata: the tables exist on PostgreSQL only (see the search migrations).
metadata = MetaData()
entries = Table(
    "search_entries",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("id", Integer, nullable=False),  # an identity: the postings' short name of the entry
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
postings = Table(
    "search_postings",
    metadata,
    Column("doc", Integer, primary_key=True),  # search_entries.id
    Column("term", String(64, collation="C"), primary_key=True),
    Column("impact", Float(precision=24), nullable=False),  # real: half the size of a double
    # Copies of the entry's permission and filter fields, so the walk down a term's best
    # postings skips what the reader may not see without visiting the entry.
    Column("zone_id", Integer, nullable=True),
    Column("type", String(20), nullable=False),
    Column("reader_ids", ARRAY(Integer), nullable=True),  # only outside zones (direct messages)
)
