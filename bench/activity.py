"""Activity counting benchmark: how long one /activity computation takes as content grows.

Builds a SQLite organisation in a temporary data dir (200 people in 5 departments, 20 zones,
a quarter private) with bulk inserts, then times services.activity() for a non-admin across
all readable zones and for one zone, last 30 days and all time (median of 7 runs), at
10k and 100k contributions of each kind (wiki revisions, posts, comments, messages).
Run: python bench/activity.py   (about a minute)
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

DEPARTMENTS = ["Marketing", "IT", "Logistiek", "Klantenservice", "Winkels", ""]


def build(session, per_kind: int) -> None:  # noqa: ANN001
    from innovationzone.blog.models import Comment, Post
    from innovationzone.chat.models import Message, Room
    from innovationzone.db import utcnow
    from innovationzone.wiki.models import Page, Revision

    rnd, now = random.Random(1), utcnow()
    insert_people_and_zones(session, DEPARTMENTS)
    session.execute(
        insert(Room),
        [{"id": z, "zone_id": z, "slug": "r", "name": "r"} for z in range(1, ZONES + 1)],
    )
    pages = per_kind // 10
    session.execute(
        insert(Page),
        [
            {"id": p, "zone_id": p % ZONES + 1, "path": f"p{p}", "title": "t"}
            for p in range(1, pages + 1)
        ],
    )
    session.execute(
        insert(Post),
        [
            {
                "id": p,
                "zone_id": p % ZONES + 1,
                "author_id": rnd.randint(1, PEOPLE),
                "title": "t",
                "body": "b",
                "html": "b",
                "status": "published",
                "published_at": now - timedelta(days=rnd.randint(0, 365)),
            }
            for p in range(1, per_kind + 1)
        ],
    )

    def when() -> dict:
        return {
            "created_at": now - timedelta(days=rnd.randint(0, 365)),
            "author_id": rnd.randint(1, PEOPLE),
        }

    session.execute(
        insert(Revision),
        [
            {
                "page_id": i % pages + 1,
                "number": i // pages + 1,
                "title": "t",
                "body": "b",
                **when(),
            }
            for i in range(per_kind)
        ],
    )
    session.execute(
        insert(Comment),
        [
            {"post_id": rnd.randint(1, per_kind), "body": "b", "html": "b", **when()}
            for _ in range(per_kind)
        ],
    )
    session.execute(
        insert(Message),
        [
            {
                "room_id": i % ZONES + 1,
                "seq": i // ZONES + 1,
                "created_change": 0,
                "change": 0,
                "client_msg_id": str(i),
                "body": "b",
                "html": "b",
                **when(),
            }
            for i in range(per_kind)
        ],
    )
    session.commit()


def main() -> None:
    from innovationzone.accounts.models import User
    from innovationzone.activity.services import activity
    from innovationzone.extensions import db

    for per_kind in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as data_dir:
            app = create_app({"IZ_DATA_DIR": data_dir, "IZ_ASYNC_MODE": "threading"})
            with app.app_context():
                upgrade()
                build(db.session, per_kind)
                viewer = db.session.get(User, 8)  # a member of every zone (ids 1, 8, 15, ...)
                print(f"{per_kind:>7} per kind ({4 * per_kind} contributions):")
                for label, kwargs in (
                    ("all zones, 30 days", {}),
                    ("all zones, all time", {"days": None}),
                    ("one zone, 30 days", {"zone_slug": "z3"}),
                ):
                    ms = median_ms(lambda kwargs=kwargs, viewer=viewer: activity(viewer, **kwargs))
                    print(f"  {label:<22} {ms:8.1f} ms")
                db.session.remove()
                db.engine.dispose()


if __name__ == "__main__":
    main()
