"""Run as a script under eventlet, as `serve` runs: while one request waits for PostgreSQL
(a slow statement through the app's engine), count how often another green thread (another
user's socket) got to run, with eventlet_hub_free's counter. Prints `turns=N answer=A`.
"""

import sys

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402
from sqlalchemy import text  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.extensions import db  # noqa: E402
from tests.support.eventlet_hub_free import other_user, turns_during  # noqa: E402


def main(database_url: str, data_dir: str) -> None:
    app = create_app({"IZ_DATABASE_URL": database_url, "IZ_DATA_DIR": data_dir})
    eventlet.spawn(other_user)
    answers = []
    with app.app_context():
        db.session.execute(text("SELECT 1"))  # connected: connecting yields to the hub anyway
        during = turns_during(
            lambda: answers.append(db.session.scalar(text("SELECT 7 FROM pg_sleep(0.3)")))
        )
        db.session.rollback()
    print(f"turns={during} answer={answers[0]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
