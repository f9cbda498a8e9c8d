"""search_context_titles: comments and chat messages are indexed again, without their post's
title or room's name among the searched words

A comment's search document carried its post's title as its own, and a message its room's name:
searching "retouren" listed first the short comments under a post titled "Retouren ..." that
never say it (above the post itself), and every message of a room named "Retouren vandaag". That
title is now only shown with the hit (SearchDocument.title_is_context). The entries indexed the
old way are queued in the outbox, which the server drains on start, so the index is corrected
without anyone running `search reindex` (Whoosh rebuilds itself: its fields changed).

Revision ID: 0017_search_context_titles
Revises: 0016_question_indexes
Create Date: 2026-12-03 12:20:00

"""

from alembic import op

revision = "0017_search_context_titles"
down_revision = "0016_question_indexes"
branch_labels = None
depends_on = None

SOURCES = (("comment", "blog_comments"), ("message", "chat_messages"))


def upgrade():
    now = (
        "now() AT TIME ZONE 'utc'"
        if op.get_bind().dialect.name == "postgresql"
        else "CURRENT_TIMESTAMP"
    )
    for kind, table in SOURCES:
        op.execute(
            f"INSERT INTO search_outbox (type, object_id, created_at) "
            f"SELECT '{kind}', id, {now} FROM {table}"
        )


def downgrade():
    pass  # the re-queued entries are indexed either way; nothing to take back
