"""In-process cost of the pages and answers that used to list everything (issue 12): a zone's
API answer with 2,000 members, the home page, the zones list and one's own page for a reader in
500 zones of 5 members each. Prints CPU ms (median of --rounds), SQL statements and bytes per
request. Never run as a test.

    python bench/lists.py [--members 2000] [--zones 500] [--rounds 5]

Run it on two checkouts (PYTHONPATH, or from each tree) to compare before and after; CPU ms and
statements hold on a busy machine where wall time does not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

URLS = ("/api/v1/zones/big", "/", "/zones", "/u/{username}")


def build(members: int, zones: int):  # noqa: ANN201 - the app and a token
    os.environ["IZ_DATA_DIR"] = tempfile.mkdtemp(prefix="iz-lists-")
    os.environ.setdefault("IZ_ASYNC_MODE", "threading")
    from sqlalchemy import insert, select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.app import create_app
    from innovationzone.cli import prepare_storage
    from innovationzone.extensions import db
    from innovationzone.zones.models import Membership, Zone

    app = create_app()
    with app.app_context():
        prepare_storage()
        departments = ("IT", "Winkels", "Logistiek")
        people = [
            {
                "username": f"u{n:05}",
                "display_name": f"U {n}",
                "department": departments[n % 3],
                "password_hash": "-",
            }
            for n in range(members)
        ]
        db.session.execute(insert(User), people)
        ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        spaces = [{"slug": "big", "name": "Big", "visibility": "public"}]
        spaces += [
            {"slug": f"z{n:04}", "name": f"Zone {n:04}", "visibility": "public"}
            for n in range(zones)
        ]
        db.session.execute(insert(Zone), spaces)
        slugs = dict(db.session.execute(select(Zone.slug, Zone.id)).all())
        reader = ids[-1]
        rows = {(slugs["big"], uid) for uid in ids}
        for n in range(zones):
            zone_id = slugs[f"z{n:04}"]
            rows |= {(zone_id, ids[(n + k) % members]) for k in range(4)} | {(zone_id, reader)}
        db.session.execute(
            insert(Membership), [{"zone_id": z, "user_id": u, "role": "member"} for z, u in rows]
        )
        db.session.commit()
        user = db.session.get(User, reader)
        _token, secret = create_token(user, "bench")
        return app, db.engine, secret, user.username


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--zones", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from sqlalchemy import event

    app, engine, secret, username = build(args.members, args.zones)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    print(f"| request | CPU ms | statements | KB |  ({args.members} members, {args.zones} zones)")
    print("|---|---|---|---|")
    for url in (u.format(username=username) for u in URLS):
        client.get(url, headers=headers)  # warm: templates, statement caches
        cpu = []
        for _ in range(args.rounds):
            statements[0] = 0
            start = time.process_time()
            response = client.get(url, headers=headers)
            cpu.append((time.process_time() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        size = len(response.data) / 1024
        print(f"| {url} | {statistics.median(cpu):.1f} | {statements[0]} | {size:.1f} |")


if __name__ == "__main__":
    main()
