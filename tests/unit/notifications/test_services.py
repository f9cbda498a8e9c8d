"""Telling many people costs no more queries than telling a few: who may read is decided for
everyone with one lookup of their roles before any notification is written. Nobody outside a
private zone, no deactivated account and never the actor is told."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.db import write_transaction
from innovationzone.extensions import db
from innovationzone.notifications.services import notify
from innovationzone.zones.models import Zone
from innovationzone.zones.services import add_member, create_zone
from tests.support.statements import recorded


def _told(names: list[str]) -> tuple[set[str], list[str]]:
    """Whom of `names` cur's notification about the zone reached, and the SQL `notify` ran;
    everyone is loaded first in the same transaction, as a save loads a page's watchers."""
    with write_transaction() as session:
        zone = session.scalar(select(Zone).where(Zone.slug == "kassa"))
        found = {
            u.username: u for u in session.scalars(select(User).where(User.username.in_(names)))
        }
        with recorded(db.engine) as ran:
            created = notify(
                [found[name] for name in names],
                kind="page_changed",
                actor=found["cur"],
                about=zone,
                object_type="zone",
                object_id=zone.id,
                title="Kassa",
                url="/z/kassa",
            )
        told = {n.user_id for n in created}
        return {name for name, user in found.items() if user.id in told}, ran


def test_many_recipients_cost_the_statements_of_a_few_and_outsiders_hear_nothing(ctx, make_user):
    members = [f"m{i}" for i in range(12)]
    ids = {name: make_user(name) for name in ["cur", "out", "gone", *members]}
    users = {name: db.session.get(User, user_id) for name, user_id in ids.items()}
    create_zone(users["cur"], {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    for name in [*members, "gone"]:
        add_member(users["cur"], "kassa", {"username": name})
    with write_transaction():
        users["gone"].active = False

    few, few_sql = _told(["cur", "m0", "m1", "out"])
    many, many_sql = _told(["cur", "out", "gone", *members, "m3"])

    assert few == {"m0", "m1"}
    assert many == set(members)  # not the actor, the outsider, the deactivated, nor m3 twice
    # one role lookup for everyone; beyond its own row, a recipient costs no statement
    others = [
        [s for s in sql if not s.startswith("insert into notifications")]
        for sql in (few_sql, many_sql)
    ]
    assert (
        len(others[0]) == len(others[1]) and len([s for s in others[1] if "memberships" in s]) == 1
    )
