"""Run as a script under eventlet, as `serve` runs: do the two slow writes a busy chat room
makes — a durable SQLite commit and a search index update — and count how often another green
thread (another user's socket) got to run while each one was under way.

Prints `commit_turns=N index_turns=M stored=yes|no found=yes|no`.
"""

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.cli import prepare_storage  # noqa: E402
from innovationzone.db import write_transaction  # noqa: E402
from innovationzone.search.backend import get_backend  # noqa: E402
from innovationzone.search.documents import SearchDocument  # noqa: E402
from innovationzone.search.query import Filters, parse  # noqa: E402
from innovationzone.zones.models import Zone  # noqa: E402

turns = 0
# A busy chat room's messages, as a drain indexes them (also tests/support/eventlet_postgres.py).
DOCUMENTS = [
    SearchDocument(
        type="message",
        id=n,
        title="Room",
        body=f"message {n} about the quarterly planning of the shop floor " * 20,
        url=f"/chat/1#m{n}",
        zone_id=1,
        updated_at=datetime(2026, 1, 1),
    )
    for n in range(1, 51)
]


def other_user() -> None:
    global turns
    while True:
        turns += 1
        eventlet.sleep(0)


def turns_during(work) -> int:  # noqa: ANN001
    eventlet.sleep(0)  # let the other green thread start
    before = turns
    work()
    return turns - before


def main(data_dir: str) -> None:
    app = create_app({"IZ_DATA_DIR": data_dir, "IZ_ASYNC_MODE": "eventlet"})
    with app.app_context():
        prepare_storage()
        eventlet.spawn(other_user)

        def commit() -> None:
            with write_transaction() as session:
                session.add(Zone(slug="durable", name="Durable"))

        commit_turns = turns_during(commit)
        with write_transaction():  # the index write alone is counted, not its commit
            index_turns = turns_during(lambda: get_backend().upsert(DOCUMENTS))
        _total, hits = get_backend().search(
            parse("50"), zone_ids={1}, user_id=0, filters=Filters(), limit=5, offset=0
        )
        found = "/chat/1#m50" in [hit["url"] for hit in hits]
    # a connection of its own, outside SQLAlchemy: the commit had finished when it returned
    database = Path(data_dir) / "innovationzone.db"
    with sqlite3.connect(database) as con:
        stored = con.execute("select count(*) from zones where slug = 'durable'").fetchone()[0]
    yes = {True: "yes", False: "no"}
    print(
        f"commit_turns={commit_turns} index_turns={index_turns} "
        f"stored={yes[stored == 1]} found={yes[found]}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
