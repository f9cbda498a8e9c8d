"""view_versions: a version per zone and one for everything, bumped by every write a wiki page
view shows, so rendered pages can be cached by every process and dropped by any one's write

Revision ID: 0015_view_versions
Revises: 0014_search_postings
Create Date: 2026-12-03 06:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_view_versions"
down_revision = "0014_search_postings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "view_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_view_versions")),
    )
    op.execute("INSERT INTO view_versions (name, value) VALUES ('global', 0)")


def downgrade():
    op.drop_table("view_versions")
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.drop_column("content_version")
