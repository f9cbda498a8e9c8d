"""room_search: a zone's chat rooms become search documents, found by name and description

Searching a room's name found none of its messages (0017: a message is found by its own words)
and not the room either: rooms were not indexed. A room now has a description (empty for the
rooms there are) and `updated_at` (its last rename or new description), and every zone room is
queued in the search outbox, which the server drains on start, so the rooms already there are
found without anyone running `search reindex`. Direct rooms are not queued: they have no name of
their own (their people name them) and are found by their messages.

Revision ID: 0020_room_search
Revises: 0019_last_locale
Create Date: 2026-12-03 15:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020_room_search"
down_revision = "0019_last_locale"
branch_labels = None
depends_on = None


def _queue_zone_rooms():
    now = (
        "now() AT TIME ZONE 'utc'"
        if op.get_bind().dialect.name == "postgresql"
        else "CURRENT_TIMESTAMP"
    )
    op.execute(
        "INSERT INTO search_outbox (type, object_id, created_at) "
        f"SELECT 'room', id, {now} FROM chat_rooms WHERE kind = 'zone'"
    )


def upgrade():
    with op.batch_alter_table("chat_rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
    _queue_zone_rooms()


def downgrade():
    # The rooms' entries would outlive the code that can show them: the outbox drops them (a
    # source-less type's ids are removed from the index by the next drain).
    _queue_zone_rooms()
    with op.batch_alter_table("chat_rooms", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("description")
