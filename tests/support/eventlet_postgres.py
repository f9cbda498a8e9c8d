"""Run as a script under eventlet, as `serve` runs: while one request waits for PostgreSQL
(a slow statement through the app's engine), count how often another green thread (another
user's socket) got to run, with eventlet_hub_free's counter; and while a search drain indexes
50 documents, after how many of them (before the next one's analysis) it got to run.
Prints `turns=N answer=A between=B/49 found=yes|no`.
"""

import sys

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402
from sqlalchemy import text  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.cli import prepare_storage  # noqa: E402
from innovationzone.db import write_transaction  # noqa: E402
from innovationzone.extensions import db  # noqa: E402
from innovationzone.search import postgres_backend  # noqa: E402
from innovationzone.search.backend import get_backend  # noqa: E402
from innovationzone.search.query import Filters, parse  # noqa: E402
from tests.support import eventlet_hub_free  # noqa: E402
from tests.support.eventlet_hub_free import DOCUMENTS, other_user, turns_during  # noqa: E402


def turns_at_each_analysis() -> list[int]:
    """The other green thread's turns so far, noted as each document's analysis starts."""
    noted: list[int] = []
    analyse = postgres_backend._Analysed.__init__

    def noting(self, title: str, body: str) -> None:  # noqa: ANN001
        noted.append(eventlet_hub_free.turns)
        analyse(self, title, body)

    postgres_backend._Analysed.__init__ = noting  # type: ignore[method-assign]
    return noted


def main(database_url: str, data_dir: str) -> None:
    app = create_app({"IZ_DATABASE_URL": database_url, "IZ_DATA_DIR": data_dir})
    eventlet.spawn(other_user)
    answers = []
    with app.app_context():
        prepare_storage()  # the search tables (the session's database may not be migrated yet)
        db.session.execute(text("SELECT 1"))  # connected: connecting yields to the hub anyway
        during = turns_during(
            lambda: answers.append(db.session.scalar(text("SELECT 7 FROM pg_sleep(0.3)")))
        )
        db.session.rollback()
        noted = turns_at_each_analysis()
        with write_transaction():
            get_backend().upsert(DOCUMENTS)
        between = sum(later > earlier for earlier, later in zip(noted, noted[1:], strict=False))
        _total, hits = get_backend().search(
            parse("50"), zone_ids={1}, user_id=0, filters=Filters(), limit=5, offset=0
        )
        found = "/chat/1#m50" in [hit["url"] for hit in hits]
    found_it = "yes" if found else "no"
    print(f"turns={during} answer={answers[0]} between={between}/{len(noted) - 1} found={found_it}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
