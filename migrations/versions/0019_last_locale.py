"""last_locale: the language each person last used the site in, for mail without a preference

Someone whose profile language is empty reads the Dutch UI because their browser asks for it,
yet got the daily digest in English: mail had nothing to go by but the profile. The column is
set on sign-in and on form posts, when it changes (compose.py uses it while `locale` is empty).
Existing accounts start empty (English, as before) until they sign in or post.

Revision ID: 0019_last_locale
Revises: 0018_chat_mention_titles
Create Date: 2026-12-03 13:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019_last_locale"
down_revision = "0018_chat_mention_titles"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_locale", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("last_locale")
