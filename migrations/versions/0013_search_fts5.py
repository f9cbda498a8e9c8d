"""search_fts5: the embedded search index in the app's SQLite database (FTS5)

SQLite only (PostgreSQL keeps `search_entries`): `search_fts_documents` holds what a hit shows
(title, body for its snippet, url, zone), `search_fts` the FTS5 index of the analysed terms under
the same row id, and `search_fts_vocab` reads that index's words with their document counts
("did you mean"). The index is filled on the next start (`serve` and every command that prepares
the storage rebuild an empty index), so nobody has to run `search reindex`.

Revision ID: 0013_search_fts5
Revises: 0013_live_state
"""

from alembic import op

revision = "0013_search_fts5"
down_revision = "0013_live_state"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE search_fts_documents ("
        " id INTEGER PRIMARY KEY,"
        " key VARCHAR(40) NOT NULL UNIQUE,"
        " type VARCHAR(20) NOT NULL,"
        " object_id INTEGER NOT NULL,"
        " zone_id INTEGER,"
        " title TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " url TEXT NOT NULL,"
        " updated_at DATETIME NOT NULL)"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, body, title_en, body_en, words, labels, tokenize=\"ascii tokenchars '_'\")"
    )
    op.execute("CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'col')")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_fts_vocab")
    op.execute("DROP TABLE search_fts")
    op.execute("DROP TABLE search_fts_documents")
