"""search_postings: BM25 term weights per (term, document), read best-first by the ranking

Ranking scored every document matching any query word (most of the collection for an OR of
common words), so PostgreSQL search grew with the collection (0.9 s p95 at 20,000 documents).
`search_postings` holds each document's precomputed BM25 weight per term, indexed on (term,
impact DESC), with the entry's zone, type and (outside zones) readers copied onto it so the
permission filter runs inside the index walk. The index includes those fields, so the walk reads the index alone
once autovacuum has marked the pages visible. `search_entries` gets a short integer `id` for
the postings to name it by. The entries are re-queued in the outbox (the server drains it on
start), as 0008 did: the postings are written from the documents, not from the old rows.

Revision ID: 0014_search_postings
Revises: 0013_search_fts5
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014_search_postings"
down_revision = "0013_search_fts5"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "INSERT INTO search_outbox (type, object_id, created_at) "
        "SELECT type, object_id, now() AT TIME ZONE 'utc' FROM search_entries"
    )
    op.execute("DELETE FROM search_entries")
    op.execute("DELETE FROM search_terms")
    op.add_column(
        "search_entries",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
    )
    op.create_index("ix_search_entries_id", "search_entries", ["id"], unique=True)
    op.create_table(
        "search_postings",
        sa.Column("doc", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=64, collation="C"), nullable=False),
        sa.Column("impact", sa.REAL(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("reader_ids", postgresql.ARRAY(sa.Integer()), nullable=True),
        sa.PrimaryKeyConstraint("doc", "term", name=op.f("pk_search_postings")),
    )
    op.execute("CREATE INDEX ix_search_postings_term_impact ON search_postings (term, impact DESC)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("search_postings")
    op.drop_index("ix_search_entries_id", table_name="search_entries")
    op.drop_column("search_entries", "id")
