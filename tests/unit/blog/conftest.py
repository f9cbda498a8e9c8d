"""People and zones for the blog's service tests: a public zone, a private one."""

from __future__ import annotations

import pytest
from sqlalchemy import select


@pytest.fixture
def people(session_app, ctx, make_user):
    """ann curates both zones, bob is a member of both, cor only reads public, ... as User objects.
    Built once a session (session_app.load_once)."""
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    session_app.load_once("blog-people", lambda: _build_people(make_user))
    return {u.username: u for u in db.session.scalars(select(User))}


def _build_people(make_user) -> None:  # noqa: ANN001 - the make_user fixture
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db
    from innovationzone.zones.services import add_member, create_zone

    for name in ("ann", "bob", "cor"):
        make_user(name)
    users = {u.username: u for u in db.session.scalars(select(User))}
    create_zone(users["ann"], {"slug": "winkels", "name": "Winkels", "visibility": "public"})
    create_zone(users["ann"], {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    add_member(users["ann"], "kassa", {"username": "bob"})


def notifications_of(user) -> list:  # noqa: ANN001
    """The user's notifications about content (being added to a zone is left out)."""
    from innovationzone.notifications.services import list_for

    return [n for n in list_for(user) if n.kind != "zone_added"]
