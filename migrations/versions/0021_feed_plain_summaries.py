"""feed_plain_summaries: the home feed's summaries of comments, chat messages and answers are
plain words, not their Markdown

The feed showed "**click & collect**-banner" where the comment, message or answer itself shows
bold text: its summary was the raw Markdown. New entries take plain text from the rendered HTML
(`feed.services.summary_of`); the entries already there get the same, from the HTML stored with
their comment, message or accepted answer.

Revision ID: 0021_feed_plain_summaries
Revises: 0020_room_search
Create Date: 2026-12-03 19:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021_feed_plain_summaries"
down_revision = "0020_room_search"
branch_labels = None
depends_on = None

# Each entry type's rendered text: (entry id, HTML).
SOURCES = (
    "SELECT f.id, c.html FROM feed_entries f JOIN blog_comments c ON c.id = f.object_id"
    " WHERE f.type = 'comment'",
    "SELECT f.id, m.html FROM feed_entries f JOIN chat_messages m ON m.id = f.object_id"
    " WHERE f.type = 'message'",
    "SELECT f.id, a.html FROM feed_entries f JOIN question_answers a"
    " ON a.question_id = f.object_id AND a.accepted = :yes WHERE f.type = 'question'",
)


def upgrade():
    from innovationzone.feed.services import summary_of  # the same words new entries get

    bind = op.get_bind()
    for statement in SOURCES:
        for entry_id, rendered in bind.execute(sa.text(statement), {"yes": True}).all():
            bind.execute(
                sa.text("UPDATE feed_entries SET summary = :summary WHERE id = :id"),
                {"summary": summary_of(rendered or ""), "id": entry_id},
            )


def downgrade():
    pass  # plain words read right under either revision
