"""chat_mention_titles: a chat mention's notification is titled by its room, not by an English
sentence

Its title was "<who> mentioned you in <zone, or the people of a direct room>", which the
notification page and the mail wrap again in the reader's language ("Eva Smit noemde je in “Eva
Smit mentioned you in Last mile & bezorging”"). New ones carry the room's name, as a page's or
post's mention carries its title; the ones already sent get it too (a direct room's: the names
after "mentioned you in", which is what its title is now).

Revision ID: 0018_chat_mention_titles
Revises: 0017_search_context_titles
Create Date: 2026-12-03 12:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_chat_mention_titles"
down_revision = "0017_search_context_titles"
branch_labels = None
depends_on = None

SENTENCE = " mentioned you in "


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT n.id, n.title, r.name, r.zone_id FROM notifications n"
            " LEFT JOIN chat_messages m ON m.id = n.object_id"
            " LEFT JOIN chat_rooms r ON r.id = m.room_id"
            " WHERE n.kind = 'mention' AND n.object_type = 'message' AND n.title LIKE :like"
        ),
        {"like": f"%{SENTENCE}%"},
    ).all()
    for notification_id, title, room_name, zone_id in rows:
        where = title.split(SENTENCE, 1)[1]
        bind.execute(
            sa.text("UPDATE notifications SET title = :title WHERE id = :id"),
            {"title": room_name if zone_id is not None else where, "id": notification_id},
        )


def downgrade():
    pass  # the sentence was the defect; the room's name reads right under either revision
