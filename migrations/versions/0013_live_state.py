"""live_state: who is online in a chat room and which sockets are open leave the database

Both changed on every connect, join and disconnect (four small writes per socket), for state a
restart throws away anyway. Presence now lives in memory (Redis when scaled out, like the wiki's
editors) and each process knows its own sockets; ending a credential asks every process to check
its sockets again instead of looking them up in socket_connections.

Revision ID: 0013_live_state
Revises: 0012_sec_input
Create Date: 2026-12-03 06:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_live_state"
down_revision = "0012_sec_input"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("chat_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_presence_room_id"))
    op.drop_table("chat_presence")
    with op.batch_alter_table("socket_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_socket_connections_user_id"))
        batch_op.drop_index(batch_op.f("ix_socket_connections_token_id"))
        batch_op.drop_index(batch_op.f("ix_socket_connections_login_session_id"))
    op.drop_table("socket_connections")


def downgrade():
    op.create_table(
        "socket_connections",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("login_session_id", sa.Integer(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_socket_connections_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_socket_connections")),
    )
    with op.batch_alter_table("socket_connections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_socket_connections_login_session_id"), ["login_session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_socket_connections_token_id"), ["token_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_socket_connections_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "chat_presence",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["chat_rooms.id"],
            name=op.f("fk_chat_presence_room_id_chat_rooms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sid"],
            ["socket_connections.sid"],
            name=op.f("fk_chat_presence_sid_socket_connections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_chat_presence_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sid", "room_id", name=op.f("pk_chat_presence")),
    )
    with op.batch_alter_table("chat_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_presence_room_id"), ["room_id"], unique=False)
