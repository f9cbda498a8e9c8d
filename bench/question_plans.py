"""Question list plans: the query plan of every way questions are listed, on SQLite and on
PostgreSQL, over the organisation of bench/responsibility.py (200 people, 20 zones, N questions).

Each case calls the service itself and explains the SQL it sent (captured from the engine), so
the plan is the one production runs. PostgreSQL is ANALYZEd first (autovacuum would have been);
SQLite is explained as the app leaves it (no sqlite_stat1). A "SCAN questions" (SQLite) or
"Seq Scan on questions" (PostgreSQL) reads the whole table; "USE TEMP B-TREE FOR ORDER BY" and
"Sort" sort what the index found.
Run: python bench/question_plans.py [--questions 20000]   (under a minute; PostgreSQL on 5432)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone, not an installed one
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from organisation import postgres_database  # noqa: E402
from responsibility import build  # noqa: E402
from sqlalchemy import event, text, update  # noqa: E402

from innovationzone.app import create_app  # noqa: E402


def cases(viewer) -> list[tuple[str, Callable[[], object]]]:  # noqa: ANN001 - a User
    """Every list of questions the app reads, as the services run them."""
    from innovationzone.db import utcnow
    from innovationzone.pagination import encode_cursor
    from innovationzone.questions.services import asked_by, escalate_overdue, list_questions

    last = list_questions(viewer, zone="z3", limit=50).items[-1]
    page_two = encode_cursor((last.created_at, last.id))
    long_ago = utcnow() - timedelta(days=10_000)
    return [
        ("a zone's questions, newest 50", lambda: list_questions(viewer, zone="z3", limit=50)),
        (
            "a zone's questions, page 2",
            lambda: list_questions(viewer, zone="z3", limit=50, cursor=page_two),
        ),
        (
            "a zone's open questions",
            lambda: list_questions(viewer, zone="z3", status="open", limit=50),
        ),
        (
            "assigned to me, open (queue)",
            lambda: list_questions(viewer, assignee="me", status="open", limit=100),
        ),
        ("asked by me (home)", lambda: asked_by(viewer, limit=5)),
        ("recent, all readable zones", lambda: list_questions(viewer, limit=30)),
        # run where nothing is stale, so the bench escalates nothing; explained below with the
        # real cutoff
        ("the sweep's stale open questions", lambda: escalate_overdue(now=long_ago)),
    ]


def real_cutoff(parameters: object) -> object:
    """The escalation SELECT's parameters with its cutoff three days back, as the sweep runs."""
    from innovationzone.db import utcnow

    cutoff = utcnow() - timedelta(days=3)
    if isinstance(parameters, dict):
        return {k: cutoff if isinstance(v, datetime) else v for k, v in parameters.items()}
    return tuple(cutoff if isinstance(v, datetime) else v for v in parameters)  # type: ignore[union-attr]


def explain(connection, statement: str, parameters: object) -> list[str]:  # noqa: ANN001
    """The plan of one captured statement, one line a step."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return [row[3] for row in rows]
    rows = connection.exec_driver_sql(f"EXPLAIN (COSTS OFF) {statement}", parameters)
    return [row[0] for row in rows]


def settle_earlier_sweeps(session) -> None:  # noqa: ANN001 - a Session
    """Mark open questions stale for more than a day escalated, as the sweep (every five minutes
    in each process, and when someone opens a queue) has: its next run finds the few that went
    stale since."""
    from innovationzone.db import utcnow
    from innovationzone.questions.models import OPEN, Question

    now = utcnow()
    session.execute(
        update(Question)
        .where(Question.status == OPEN, Question.created_at < now - timedelta(days=4))
        .values(escalated_at=now)
    )
    session.commit()


def statements_of(engine, call: Callable[[], object]) -> list[tuple[str, object]]:  # noqa: ANN001
    """The statements reading questions that `call` sent, with their parameters."""
    sent: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if "FROM questions" in statement:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return sent


def run(label: str, config: dict, questions: int) -> None:
    """Build the organisation in one database and print the plan of every case."""
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    app = create_app({**config, "IZ_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
        build(db.session, questions)
        settle_earlier_sweeps(db.session)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        viewer = db.session.get(User, 8)  # a member of every zone (ids 1, 8, 15, ...)
        print(f"== {label}, {questions} questions")
        for name, call in cases(viewer):
            sent = statements_of(db.engine, call)
            print(f"-- {name}")
            with db.engine.connect() as connection:
                for statement, parameters in sent:
                    if name.startswith("the sweep"):
                        parameters = real_cutoff(parameters)
                    for line in explain(connection, statement, parameters):
                        print(f"   {line}")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    """SQLite, then PostgreSQL, each in a database of its own made for the run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        run("SQLite", {"IZ_DATA_DIR": data_dir}, args.questions)
    url, drop = postgres_database()
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            run("PostgreSQL", {"IZ_DATA_DIR": data_dir, "IZ_DATABASE_URL": url}, args.questions)
    finally:
        drop()


if __name__ == "__main__":
    main()
