"""activity: date indexes on comments and chat messages

The activity chart counts contributions in a period; without these indexes every count read all
of a zone's comments and messages (about 1 s at 400,000 contributions, bench/activity.py).

Revision ID: 0006_activity_indexes
Revises: 0005_search
"""

from alembic import op

revision = "0006_activity_indexes"
down_revision = "0005_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_blog_comments_created_at", "blog_comments", ["created_at"])
    op.create_index("ix_chat_messages_created_at", "chat_messages", ["created_at"])


def downgrade():
    op.drop_index("ix_chat_messages_created_at", table_name="chat_messages")
    op.drop_index("ix_blog_comments_created_at", table_name="blog_comments")
