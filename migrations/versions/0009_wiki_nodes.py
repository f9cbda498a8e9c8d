"""wiki nodes: each zone's page tree as rows, so navigation reads one branch, not the zone

A node is a live page or a folder with live pages below it, keyed by (zone_id, path) and found
by (zone_id, parent_path). The upgrade fills it from the pages already there.

Revision ID: 0008_perf
Revises: 0008_search_forms
Create Date: 2026-12-02 23:55:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_perf"
down_revision = "0008_search_forms"
branch_labels = None
depends_on = None


def upgrade():
    nodes = op.create_table(
        "wiki_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.Column("parent_path", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_wiki_nodes_zone_id_zones"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wiki_nodes")),
        sa.UniqueConstraint("zone_id", "path", name=op.f("uq_wiki_nodes_zone_id_path")),
    )
    op.create_index(
        "ix_wiki_nodes_zone_id_parent_path_path",
        "wiki_nodes",
        ["zone_id", "parent_path", "path"],
        unique=False,
    )
    pages = sa.table(
        "wiki_pages",
        sa.column("zone_id", sa.Integer),
        sa.column("path", sa.String),
        sa.column("title", sa.String),
        sa.column("deleted_at", sa.DateTime),
    )
    rows: dict[tuple[int, str], str | None] = {}
    live = sa.select(pages.c.zone_id, pages.c.path, pages.c.title).where(
        pages.c.deleted_at.is_(None)
    )
    for zone_id, path, title in op.get_bind().execute(live):
        rows[(zone_id, path)] = title
        parts = path.split("/")
        for depth in range(1, len(parts)):
            rows.setdefault((zone_id, "/".join(parts[:depth])), None)
    if rows:
        op.bulk_insert(
            nodes,
            [
                {
                    "zone_id": zone_id,
                    "path": path,
                    "parent_path": path.rpartition("/")[0],
                    "title": title,
                }
                for (zone_id, path), title in rows.items()
            ],
        )


def downgrade():
    op.drop_index("ix_wiki_nodes_zone_id_parent_path_path", table_name="wiki_nodes")
    op.drop_table("wiki_nodes")
