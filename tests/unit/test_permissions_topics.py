"""Who may curate topics: admins and curators of at least one zone, nobody else."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import set_active
from innovationzone.extensions import db
from innovationzone.permissions import may_curate_topics as may_curate
from innovationzone.zones.services import add_member, create_zone


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def test_admins_and_zone_curators_curate_members_do_not(ctx, make_user):
    for name in ("lea", "mo", "vis"):
        make_user(name)
    make_user("root", admin=True)
    create_zone(_user("lea"), {"slug": "winkels", "name": "Winkels"})
    add_member(_user("lea"), "winkels", {"username": "mo", "role": "member"})
    assert may_curate(_user("root")) and may_curate(_user("lea"))
    assert not may_curate(_user("mo")) and not may_curate(_user("vis")) and not may_curate(None)
    add_member(_user("lea"), "winkels", {"username": "mo", "role": "curator"})
    assert may_curate(_user("mo"))


def test_inactive_curator_does_not_curate(ctx, make_user):
    make_user("lea")
    make_user("root", admin=True)
    create_zone(_user("lea"), {"slug": "winkels", "name": "Winkels"})
    set_active(_user("root"), "lea", False)
    assert not may_curate(_user("lea"))
