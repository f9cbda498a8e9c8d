"""Responsibility benchmark: the review queue, the question queue, the zone's overdue count,
search's overdue check and the topics x departments matrix, as content grows.

Builds a SQLite organisation in a temporary data dir (200 people, 20 zones, a quarter private)
with bulk inserts: N pages each with a review (a third overdue), N questions, N wiki revisions,
and 50 topics gathering 20 pages each. Times each service for a member of every zone (median
of 7 runs) beside a bare baseline measured in the same run: readable_zone_ids(), the query
every list starts from. Run: python bench/responsibility.py   (under a minute)
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's innovationzone, not an installed one

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from innovationzone.app import create_app  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from organisation import PEOPLE, ZONES, insert_people_and_zones, median_ms  # noqa: E402

TOPICS, PER_TOPIC = 50, 20


def build(session, pages: int) -> None:  # noqa: ANN001
    from innovationzone.db import utcnow
    from innovationzone.questions.models import Question
    from innovationzone.reviews.models import Review
    from innovationzone.topics.models import Topic, TopicItem
    from innovationzone.wiki.models import Page, Revision

    rnd, now = random.Random(1), utcnow()
    departments = ["Marketing", "IT", "Logistiek", "Klantenservice", "Winkels"]
    insert_people_and_zones(session, departments)
    session.execute(
        insert(Page),
        [
            {"id": p, "zone_id": p % ZONES + 1, "path": f"p{p}", "title": f"Pagina {p}"}
            for p in range(1, pages + 1)
        ],
    )
    session.execute(
        insert(Revision),
        [
            {
                "page_id": p,
                "number": 1,
                "title": "t",
                "body": "b",
                "created_at": now,
                "author_id": rnd.randint(1, PEOPLE),
            }
            for p in range(1, pages + 1)
        ],
    )
    session.execute(
        insert(Review),
        [
            {
                "page_id": p,
                "owner_id": p % PEOPLE + 1,
                "interval_days": 30,
                "due_at": now + timedelta(days=rnd.randint(-60, 120)),
            }
            for p in range(1, pages + 1)
        ],
    )
    session.execute(
        insert(Question),
        [
            {
                "zone_id": q % ZONES + 1,
                "title": f"Vraag {q}",
                "body": "b",
                "html": "b",
                "asker_id": rnd.randint(1, PEOPLE),
                "assignee_id": q % PEOPLE + 1,
                "status": "open" if q % 3 else "answered",
                "created_at": now - timedelta(days=rnd.randint(0, 365)),
            }
            for q in range(1, pages + 1)
        ],
    )
    session.execute(
        insert(Topic),
        [
            {"id": t, "slug": f"t{t}", "title": f"Topic {t}", "owner_id": t, "description": ""}
            for t in range(1, TOPICS + 1)
        ],
    )
    session.execute(
        insert(TopicItem),
        [
            {"topic_id": t, "item_type": "page", "object_id": page}
            for t in range(1, TOPICS + 1)
            for page in rnd.sample(range(1, pages + 1), PER_TOPIC)
        ],
    )
    session.commit()


def timed_cases(viewer) -> tuple:  # noqa: ANN001 - a User
    from innovationzone.activity.topics import topic_matrix
    from innovationzone.permissions import readable_zone_ids
    from innovationzone.questions.services import list_questions
    from innovationzone.reviews.services import overdue_in_zone, overdue_page_ids, queue

    page_ids = list(range(1, 21))
    return (
        ("baseline: readable_zone_ids", lambda: readable_zone_ids(viewer)),
        ("review queue, first 50", lambda: queue(viewer, limit=50)),
        ("review queue, overdue only", lambda: queue(viewer, overdue=True, limit=50)),
        ("questions assigned, open", lambda: list_questions(viewer, assignee="me", status="open")),
        ("questions, newest 50", lambda: list_questions(viewer, limit=50)),
        ("zone overdue count", lambda: overdue_in_zone(3)),
        ("search: 20 hits overdue?", lambda: overdue_page_ids(page_ids)),
        ("topics x departments", lambda: topic_matrix(viewer, None)),
    )


def main() -> None:
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    print("figures on a busy shared machine: compare rows with the baseline of the same size")
    for pages in (2_000, 20_000):
        with tempfile.TemporaryDirectory() as data_dir:
            app = create_app({"IZ_DATA_DIR": data_dir, "IZ_ASYNC_MODE": "threading"})
            with app.app_context():
                upgrade()
                build(db.session, pages)
                viewer = db.session.get(User, 8)  # a member of every zone (ids 1, 8, 15, ...)
                cases = timed_cases(viewer)
                print(f"{pages:>6} pages with reviews, {pages} questions, {TOPICS} topics:")
                for label, fn in cases:
                    fn()  # warm the caches once
                    print(f"  {label:<30} {median_ms(fn):8.2f} ms")
                db.session.remove()
                db.engine.dispose()


if __name__ == "__main__":
    main()
