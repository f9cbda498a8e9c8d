"""access_room, and readable_room (the same answer as plain columns, for the socket events that
only read): who may do what in a room, decided by permissions from one statement. (The
joins of tests/api/test_chat_socket.py run them on SQLite and PostgreSQL.)"""

import pytest

from innovationzone.chat import room_services
from innovationzone.errors import Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.permissions import MODERATE, WRITE, can
from tests.support.statements import recorded


@pytest.fixture(params=["access_room", "readable_room"])
def access(request):  # noqa: ANN001, ANN201
    """Both ways into a room must decide alike."""
    return getattr(room_services, request.param)


@pytest.fixture
def rooms(ctx, make_user):
    """cur curates private 'kassa' (ann a member) and public 'winkels'; out is in neither."""
    from innovationzone.accounts.models import User
    from innovationzone.zones.services import add_member, create_zone

    ids = {name: make_user(name) for name in ("ann", "cur", "out")}
    people = {name: db.session.get(User, i) for name, i in ids.items()}
    create_zone(people["cur"], {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    create_zone(people["cur"], {"slug": "winkels", "name": "Winkels"})
    add_member(people["cur"], "kassa", {"username": "ann", "role": "member"})
    private = room_services.create_zone_room(people["cur"], "kassa", {"slug": "a", "name": "A"})
    public = room_services.create_zone_room(people["cur"], "winkels", {"slug": "b", "name": "B"})
    db.session.commit()
    return people, private.id, public.id


def _statements(user_id: int, call):  # noqa: ANN001, ANN202
    """What `call(user)` answers and how many SQL statements it ran, in a transaction of its own
    that has loaded the user first (as every socket event does)."""
    from innovationzone.accounts.models import User

    db.session.rollback()
    user = db.session.get(User, user_id)
    with recorded(db.engine) as seen:
        return call(user), len(seen)


def test_the_room_zone_and_role_come_in_one_statement(rooms, access):
    """Every join and send asks access_room, then may ask permissions more (may they moderate
    the room): one statement answers all of it, where the room, then the role, took two."""
    people, private, _public = rooms

    def write_then_moderate(user):  # noqa: ANN001, ANN202
        room = access(user, private, WRITE)
        return room.zone.slug, can(user, MODERATE, room)

    assert _statements(people["ann"].id, write_then_moderate) == (("kassa", False), 1)
    assert _statements(people["cur"].id, write_then_moderate) == (("kassa", True), 1)


def test_outsiders_missing_rooms_and_bad_ids_are_refused(rooms, access):
    people, private, public = rooms
    with pytest.raises(NotFound):
        access(people["out"], private)
    with pytest.raises(NotFound):
        access(people["ann"], private + public + 1)
    with pytest.raises(ValidationError):
        access(people["ann"], True)
    assert access(people["out"], public, WRITE).id == public  # public zone
    assert not can(people["out"], MODERATE, access(people["out"], public))


def test_a_member_removed_is_refused_by_the_next_access(rooms, access):
    """The role is read with the room every time: nothing is kept across transactions."""
    from innovationzone.zones.services import remove_member

    people, private, _public = rooms
    assert access(people["ann"], private).id == private
    remove_member(people["cur"], "kassa", "ann")
    db.session.commit()
    with pytest.raises(NotFound):
        access(people["ann"], private)


def test_a_direct_room_is_for_its_members_only(rooms, access):
    people, _private, _public = rooms
    dm = room_services.open_direct(people["ann"], ["out"])
    db.session.commit()
    assert access(people["out"], dm.id, WRITE).id == dm.id
    with pytest.raises(NotFound):
        access(people["cur"], dm.id)
    with pytest.raises(Forbidden):
        access(people["ann"], dm.id, MODERATE)


def test_a_zone_room_read_as_columns_shows_as_the_room_does(rooms):
    """A join's ack shows the room `readable_room` answers: the same as the loaded Room, to a
    member and to a curator."""
    from innovationzone.chat.models import Room, ZoneRoomRow

    people, private, public = rooms
    for user, room_id in ((people["ann"], private), (people["cur"], public)):
        row = room_services.readable_room(user, room_id)
        assert isinstance(row, ZoneRoomRow)
        assert row.to_dict(user) == db.session.get(Room, room_id).to_dict(user)
