"""Run as a script: 4 green threads x 25 read-modify-write increments on SQLite under eventlet.

`-W error` on the command line also proves eventlet's deprecation warning is filtered.
"""

import sys

from innovationzone.__main__ import patch_for_eventlet

patch_for_eventlet()

import eventlet  # noqa: E402

from innovationzone.app import create_app  # noqa: E402
from innovationzone.cli import prepare_storage  # noqa: E402
from innovationzone.db import write_transaction  # noqa: E402
from innovationzone.extensions import db  # noqa: E402
from innovationzone.zones.models import Zone  # noqa: E402


def main(data_dir: str) -> None:
    app = create_app({"IZ_DATA_DIR": data_dir, "IZ_ASYNC_MODE": "eventlet"})
    with app.app_context():
        prepare_storage()
        with write_transaction() as session:
            zone = Zone(slug="counter", name="0")
            session.add(zone)
        zone_id = zone.id
    errors = []

    def writer():
        try:
            for _ in range(25):
                with app.app_context():
                    zone = db.session.get(Zone, zone_id)
                    with write_transaction():
                        db.session.refresh(zone)
                        value = int(zone.name)
                        eventlet.sleep(0)  # yield mid-transaction: the other writers must wait
                        zone.name = str(value + 1)
        except Exception as error:
            errors.append(error)

    pool = [eventlet.spawn(writer) for _ in range(4)]
    for green in pool:
        green.wait()
    with app.app_context():
        print(f"counter={db.session.get(Zone, zone_id).name} errors={len(errors)}")
        for error in errors:
            print(repr(error), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
