"""sec_input: login failures are counted by the login throttle (Flask-Limiter), not in a table

The throttle counts per (account, address) and per address in memory or in Redis (shared by
every process when IZ_MESSAGE_QUEUE is set), with moving windows; the old table counted per
account alone, which let anyone lock an account out from anywhere.

Revision ID: 0012_sec_input
Revises: 0011_resp_feed
Create Date: 2026-12-03 00:55:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012_sec_input"
down_revision = "0011_resp_feed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_username"))
        batch_op.drop_index(batch_op.f("ix_login_failures_at"))
        batch_op.drop_index(batch_op.f("ix_login_failures_address"))
    op.drop_table("login_failures")


def downgrade():
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failures_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failures_username"), ["username"], unique=False)
