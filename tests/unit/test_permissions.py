"""Every branch of the one permission module: who may read, write, moderate, manage and edit."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.errors import Forbidden, NotFound
from innovationzone.extensions import db
from innovationzone.permissions import (
    access_zone,
    can,
    readable_zone_ids,
    remember_roles,
    require,
    zone_role,
)
from innovationzone.zones.models import Zone
from innovationzone.zones.services import add_member, create_zone
from tests.support.statements import recorded


@pytest.fixture
def people(session_app, ctx, make_user):
    """root (admin), cur curating public `open` and private `closed`, mem a member of both, out
    of neither. Built once a session (session_app.load_once)."""
    session_app.load_once("permission-people", lambda: _build_people(make_user))
    users = {user.username: user for user in db.session.scalars(select(User))}
    zones = {zone.slug: zone for zone in db.session.scalars(select(Zone))}
    return SimpleNamespace(zones={"public": zones["open"], "private": zones["closed"]}, **users)


def _build_people(make_user) -> None:  # noqa: ANN001 - the make_user fixture
    ids = {name: make_user(name, admin=(name == "root")) for name in ("root", "cur", "mem", "out")}
    users = {name: db.session.get(User, user_id) for name, user_id in ids.items()}
    create_zone(users["cur"], {"slug": "open", "name": "Open", "visibility": "public"})
    create_zone(users["cur"], {"slug": "closed", "name": "Closed", "visibility": "private"})
    for slug in ("open", "closed"):
        add_member(users["cur"], slug, {"username": "mem", "role": "member"})


def test_roles(people):
    private, public = people.zones["private"], people.zones["public"]
    assert zone_role(people.root, private) == "admin"
    assert zone_role(people.cur, private) == "curator"
    assert zone_role(people.mem, private) == "member"
    assert zone_role(people.out, private) is None
    assert zone_role(people.out, public) == "visitor"
    anonymous = SimpleNamespace(is_authenticated=False, is_active=False)
    assert zone_role(anonymous, public) is None


@pytest.mark.parametrize(
    "who,zone,read,write,moderate",
    [
        ("root", "private", True, True, True),
        ("cur", "private", True, True, True),
        ("mem", "private", True, True, False),
        ("out", "private", False, False, False),
        ("out", "public", True, True, False),
        ("mem", "public", True, True, False),
    ],
)
def test_zone_actions(people, who, zone, read, write, moderate):
    user, target = getattr(people, who), people.zones[zone]
    assert can(user, "read", target) is read
    assert can(user, "write", target) is write
    assert can(user, "moderate", target) is moderate
    assert can(user, "manage", target) is moderate


def test_inactive_user_may_do_nothing(people):
    people.mem.active = False
    assert not can(people.mem, "read", people.zones["public"])


def test_edit_is_for_the_author_or_a_moderator(people):
    private = people.zones["private"]
    own = SimpleNamespace(zone=private, author_id=people.mem.id)
    other = SimpleNamespace(zone=private, author_id=people.cur.id)
    assert can(people.mem, "edit", own)
    assert not can(people.mem, "edit", other)
    assert can(people.cur, "edit", own)
    assert not can(people.out, "edit", SimpleNamespace(zone=private, author_id=people.out.id))


def test_objects_outside_zones_answer_for_themselves(people):
    direct = SimpleNamespace(permission_check=lambda user, action: user.username == "out")
    assert can(people.out, "read", direct)
    assert not can(people.root, "read", direct)
    assert not can(people.mem, "read", SimpleNamespace())  # no zone, no rule: nothing


def test_unknown_action_is_a_programming_error(people):
    with pytest.raises(ValueError):
        can(people.mem, "fly", people.zones["public"])


def test_require_hides_unreadable_as_not_found(people):
    with pytest.raises(NotFound):
        require(people.out, "read", people.zones["private"])
    with pytest.raises(NotFound):
        require(people.out, "read", None)
    with pytest.raises(Forbidden):
        require(people.mem, "manage", people.zones["private"])
    with pytest.raises(NotFound):
        access_zone(people.out, "closed", "manage")
    assert access_zone(people.mem, "closed").slug == "closed"


def test_readable_zone_ids(people):
    both = {people.zones["public"].id, people.zones["private"].id}
    assert readable_zone_ids(people.root) == both
    assert readable_zone_ids(people.mem) == both
    assert readable_zone_ids(people.out) == {people.zones["public"].id}
    assert readable_zone_ids(SimpleNamespace(is_authenticated=False)) == set()


def test_authors_edit_their_own_words_only_while_they_may_write(people):
    from innovationzone.permissions import may_edit_own, may_remove

    private = people.zones["private"]
    own = SimpleNamespace(zone=private, author_id=people.mem.id)
    assert may_edit_own(people.mem, own)
    assert not may_edit_own(people.cur, own)  # curators moderate; they never rewrite
    assert may_remove(people.cur, own) and may_remove(people.mem, own)
    assert not may_remove(people.out, own)
    # `where` decides: a message is edited while its author may still write in the room
    gone = SimpleNamespace(permission_check=lambda user, action: False)
    assert not may_edit_own(people.mem, own, where=gone)
    people.mem.active = False
    assert not may_edit_own(people.mem, own)


def test_drafts_hidden_words_and_personal_things(people):
    from innovationzone.permissions import (
        addressed_to,
        may_see_draft,
        may_see_hidden,
        readable_anonymously,
    )

    private, public = people.zones["private"], people.zones["public"]
    draft = SimpleNamespace(zone=public, author_id=people.mem.id, is_published=False)
    assert may_see_draft(people.mem, draft)
    assert not may_see_draft(people.cur, draft) and not may_see_draft(people.root, draft)
    assert may_see_draft(people.out, SimpleNamespace(zone=public, author_id=1, is_published=True))
    hidden = SimpleNamespace(zone=private, author_id=people.mem.id)
    assert may_see_hidden(people.mem, hidden) and may_see_hidden(people.cur, hidden)
    assert not may_see_hidden(people.out, hidden)
    note = SimpleNamespace(user_id=people.mem.id)
    assert addressed_to(people.mem, note) and not addressed_to(people.root, note)
    assert readable_anonymously(public) and not readable_anonymously(private)
    assert not readable_anonymously(None)


def test_public_zones_are_joined_freely_private_ones_by_invitation(people):
    from innovationzone.permissions import may_join

    assert may_join(people.out, people.zones["public"])
    assert not may_join(people.out, people.zones["private"])
    people.out.active = False
    assert not may_join(people.out, people.zones["public"])


def test_roles_remembered_at_once_answer_as_asked_one_by_one(people):
    everyone = [people.root, people.cur, people.mem, people.out]
    for zone in people.zones.values():
        one_by_one = [zone_role(user, zone) for user in everyone]
        db.session.rollback()  # forget those answers
        remember_roles(everyone, zone)
        with recorded(db.engine) as looked_up:
            assert [zone_role(user, zone) for user in everyone] == one_by_one
        assert looked_up == []  # every answer came from the one lookup
