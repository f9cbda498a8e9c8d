"""question_indexes: a zone's questions and a person's asked questions are read in index order,
and the escalation sweep reads only open, unescalated questions

zone_id alone made a zone's list sort all its questions (SQLite) or walk every question by date
(PostgreSQL); asker_id alone let PostgreSQL walk the primary key backwards for "my questions";
the sweep read every question older than its cutoff. Plans: bench/question_plans.py.

Revision ID: 0016_question_indexes
Revises: 0015_view_versions
Create Date: 2026-12-03 09:10:00

"""

from alembic import op

revision = "0016_question_indexes"
down_revision = "0015_view_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_questions_zone_created", "questions", ["zone_id", "created_at", "id"])
    op.drop_index("ix_questions_zone_id", table_name="questions")
    op.create_index("ix_questions_asker_id_id", "questions", ["asker_id", "id"])
    op.drop_index("ix_questions_asker_id", table_name="questions")
    op.create_index(
        "ix_questions_open_stale", "questions", ["status", "escalated_at", "created_at"]
    )


def downgrade():
    op.drop_index("ix_questions_open_stale", table_name="questions")
    op.create_index("ix_questions_asker_id", "questions", ["asker_id"])
    op.drop_index("ix_questions_asker_id_id", table_name="questions")
    op.create_index("ix_questions_zone_id", "questions", ["zone_id"])
    op.drop_index("ix_questions_zone_created", table_name="questions")
