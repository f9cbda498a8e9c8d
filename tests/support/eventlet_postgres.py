"""Run as a script under eventlet, as `serve` runs: while one request waits for PostgreSQL
(a slow statement through the app's engine), count how often another green thread (another
user's socket) got to run. Prints `turns=N answer=A`.
"""

import sys

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402
from sqlalchemy import text  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.extensions import db  # noqa: E402

turns = 0


def other_user() -> None:
    global turns
    while True:
        turns += 1
        eventlet.sleep(0)


def main(database_url: str, data_dir: str) -> None:
    app = create_app({"IZ_DATABASE_URL": database_url, "IZ_DATA_DIR": data_dir})
    eventlet.spawn(other_user)
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # connected: connecting yields to the hub anyway
        eventlet.sleep(0)  # let the other green thread start
        before = turns
        answer = db.session.scalar(text("SELECT 7 FROM pg_sleep(0.3)"))
        during = turns - before
        db.session.rollback()
    print(f"turns={during} answer={answer}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
