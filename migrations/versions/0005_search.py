"""search: the indexing outbox, and PostgreSQL's full-text table

The outbox row is written in the same transaction as the change it announces, so a crash between
commit and indexing loses nothing. `search_entries` serves IZ_SEARCH_BACKEND=postgres: a
generated tsvector (titles weighted over bodies, Dutch and English stemming) with a GIN index.
It is created on PostgreSQL only; SQLite uses the Whoosh folder.

Revision ID: 0005_search
Revises: 0004_chat
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_search"
down_revision = "0004_chat"
branch_labels = None
depends_on = None

TSV = (
    "setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('dutch', body), 'B') || setweight(to_tsvector('english', body), 'B')"
)


def upgrade():
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "search_entries",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("reader_ids", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), sa.Computed(TSV, persisted=True)),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_entries")),
    )
    op.create_index("ix_search_entries_tsv", "search_entries", ["tsv"], postgresql_using="gin")
    op.create_index("ix_search_entries_zone_id", "search_entries", ["zone_id"])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("search_entries")
    op.drop_table("search_outbox")
