"""Rooms: zone rooms, direct-message rooms, who may see them, and unread counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from innovationzone import realtime, validation
from innovationzone.accounts.models import User
from innovationzone.accounts.services import users_named
from innovationzone.accounts.socket_auth import Reader
from innovationzone.chat.models import (
    DIRECT,
    ZONE,
    Message,
    ReadMarker,
    Room,
    RoomMember,
    ZoneOfRow,
    ZoneRoomRow,
)
from innovationzone.db import read_row, utcnow, write_transaction
from innovationzone.errors import Conflict, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import (
    MANAGE,
    READ,
    WRITE,
    access_zone,
    readable_zone_ids_query,
    remember_role,
    remember_zone_role,
    require,
)
from innovationzone.realtime import room_id_of
from innovationzone.search.indexer import queue, queue_where
from innovationzone.zones.models import Membership, Zone

MAX_DIRECT_MEMBERS = 12
NAME_CHARS, DESCRIPTION_CHARS = 120, 2000


def _for_reader(query: Select) -> Select:
    """`query` about the room `room_id`, joined to its zone and to the role there of `user_id`:
    what every check of a reader in a room needs, in one statement."""
    return (
        query.outerjoin(Zone, Zone.id == Room.zone_id)
        .outerjoin(
            Membership,
            and_(Membership.zone_id == Zone.id, Membership.user_id == bindparam("user_id")),
        )
        .where(Room.id == bindparam("room_id"))
    )


# Built once: every join and send runs it. The room, its zone and the reader's role there in one
# statement; profiled, a get() with a joinedload option built per call, then the role on its own,
# were a sixth of the server's CPU while 1,000 sockets joined a room.
_ROOM_FOR_READER = _for_reader(select(Room, Membership.role)).options(contains_eager(Room.zone))


def _reader_params(user: Any, room_id: Any) -> dict[str, Any]:
    """The parameters of `_for_reader`'s statements; a room id that is not a number is a 400."""
    if isinstance(room_id, bool) or not isinstance(room_id, int):
        raise ValidationError(_l("'room_id' must be a room's number."), field="room_id")
    return {"room_id": room_id, "user_id": getattr(user, "id", None)}


def access_room(user: Any, room_id: Any, action: str = READ) -> Room:
    """The room if `user` may do `action` in it; NotFound for missing and unreadable alike.

    Every join and send asks this, and the check needs the room's zone and the user's role
    there: all in one query, the role handed to `permissions`, which decides."""
    row = db.session.execute(_ROOM_FOR_READER, _reader_params(user, room_id)).first()
    room = None
    if row is not None:
        room, role = row
        if room.zone is not None:
            remember_role(user, room.zone, role)
    return require(user, action, room)  # a missing room: NotFound, as an unreadable one


# Built once, as _ROOM_FOR_READER, but of plain columns: `readable_room`'s one statement.
_ROOM_ROW_FOR_READER = _for_reader(
    select(
        Room.id,
        Room.kind,
        Room.zone_id,
        Zone.slug.label("zone_slug"),
        Zone.visibility,
        Room.slug,
        Room.name,
        Room.description,
        Room.last_seq,
        Room.last_change,
        Room.created_at,
        Membership.role,
    )
)


def readable_room(user: Any, room_id: Any, action: str = READ) -> Room | ZoneRoomRow:
    """`access_room` for the socket events that only read the room (join, leave, typing): a
    zone's room comes as a `ZoneRoomRow`, read as columns by `db.read_row` (what is committed
    now; no session transaction begins), and `permissions` decides on the role read with it,
    as for `access_room` (so access ends with the membership, at the next event). Profiled,
    the ORM load of room and zone was ~140 us of a join's CPU. A direct room (its members
    decide) is loaded as a Room."""
    row = read_row(_ROOM_ROW_FOR_READER, _reader_params(user, room_id))
    if row is None or row.zone_id is None:
        return access_room(user, room_id, action)  # missing (NotFound there) or direct
    zone = ZoneOfRow(row.zone_id, row.zone_slug, row.visibility)
    remember_zone_role(user, zone.id, row.role)
    room = ZoneRoomRow(
        row.id,
        row.kind,
        zone,
        row.slug,
        row.name,
        row.description,
        row.last_seq,
        row.last_change,
        row.created_at,
    )
    return require(user, action, room)


def room_of_channel(channel: str) -> Room | None:
    """The room behind a Socket.IO channel, for rechecking who may stay in it."""
    room_id = room_id_of(channel)
    return db.session.get(Room, room_id) if room_id is not None else None


def rooms_of_zones(user: User, *, limit: int, cursor: str | None = None) -> ListPage:
    """The rooms of every zone the user may read, zone by zone and by name, a page at a time
    (the chat start page; an organisation may have hundreds)."""
    query = (
        select(Room)
        .options(joinedload(Room.zone))
        .where(Room.zone_id.in_(readable_zone_ids_query(user)))
    )
    key = (Room.zone_id, Room.name, Room.id)
    return keyset(query, key, limit=limit, cursor=cursor, descending=False)


def zone_rooms_page(
    user: User, zone_slug: str, *, limit: int, cursor: str | None = None
) -> ListPage:
    """A zone's rooms by name, a page at a time."""
    zone = access_zone(user, zone_slug)
    query = select(Room).where(Room.zone_id == zone.id)
    return keyset(query, (Room.name, Room.id), limit=limit, cursor=cursor, descending=False)


def create_zone_room(user: User, zone_slug: str, data: Mapping[str, Any]) -> Room:
    """Creates a room in a zone the user may write in; the short name is unique per zone (409
    otherwise). Search finds it by name and description once the commit is indexed."""
    zone = access_zone(user, zone_slug, WRITE)
    slug = validation.slug(validation.text(data, "slug", max_len=50).lower())
    name = validation.text(data, "name", max_len=NAME_CHARS)
    description = validation.text(data, "description", required=False, max_len=DESCRIPTION_CHARS)
    with write_transaction() as session:
        if session.scalar(select(Room.id).where(Room.zone_id == zone.id, Room.slug == slug)):
            raise Conflict(
                _l("This zone has a room '%(slug)s' already.", slug=slug), code="duplicate"
            )
        room = Room(
            kind=ZONE,
            zone_id=zone.id,
            slug=slug,
            name=name,
            description=description,
            created_by_id=user.id,
        )
        session.add(room)
        session.flush()
        queue("room", room.id)
    return room


def update_zone_room(user: User, room_id: int, data: Mapping[str, Any]) -> Room:
    """Curators (and admins) rename a zone's room or change its description; its entry is
    indexed again after the commit, so search finds it by the new name and no longer by the
    old, and sockets in the room get `room_changed`. Its messages' hits show the room's name
    as it is (search.documents.Source.shown_title): measured, indexing a room's 5,000
    messages again took 1.1 s of CPU under the writer lock."""
    room = access_room(user, room_id, MANAGE)
    name = validation.text(data, "name", required=False, max_len=NAME_CHARS, default=room.name)
    description = validation.text(
        data,
        "description",
        required=False,
        max_len=DESCRIPTION_CHARS,
        default=room.description if "description" not in data else "",
    )
    if (name, description) == (room.name, room.description):
        return room
    with write_transaction():
        room.name, room.description, room.updated_at = name, description, utcnow()
        queue("room", room.id)
        # Open room pages show the new name at once (a zone room's name is the same for all).
        changed = {"room_id": room.id, "name": name, "description": description}
        realtime.after_commit("room_changed", changed, room.id)
    return room


def delete_zone_room(user: User, room_id: int) -> Zone | None:
    """Curators (and admins) delete a zone's room with its messages: sockets in it are told
    their access ended, and search forgets the room and its messages after the commit (queued
    in one statement, however many, while the messages are still there to select). Answers the
    zone the room was in, where a page goes back to."""
    room = access_room(user, room_id, MANAGE)
    zone = room.zone
    with write_transaction() as session:
        queue("room", room.id)
        queue_where("message", Message.id, Message.room_id == room.id)
        session.delete(room)
        realtime.after_commit("access_revoked", {"room_id": room.id}, room.id)
    return zone


def open_direct(user: User, usernames: Any) -> Room:
    """The direct-message room of exactly these people (the caller included), made once."""
    return open_direct_room(user, usernames)[0]


def open_direct_room(user: User, usernames: Any) -> tuple[Room, bool]:
    """`open_direct`, and whether the room was made by this call (the API answers 201 then):
    telling it from the room itself needs no list of the user's conversations."""
    if not isinstance(usernames, list) or not all(isinstance(n, str) for n in usernames):
        raise ValidationError(_l("'usernames' must be a list of usernames."), field="usernames")
    others = [u for u in users_named(usernames) if u.id != user.id and u.active]
    if len(others) != len({n.lower() for n in usernames} - {user.username}):
        raise NotFound(_l("One of these people does not exist."))
    if not others or len(others) >= MAX_DIRECT_MEMBERS:
        raise ValidationError(
            _l("Name 1 to %(max)s other people.", max=MAX_DIRECT_MEMBERS - 1), field="usernames"
        )
    people = sorted([user, *others], key=lambda u: u.id)
    key = ",".join(str(u.id) for u in people)
    existing = db.session.scalar(select(Room).where(Room.direct_key == key))
    if existing is not None:
        return existing, False
    try:
        with write_transaction() as session:
            room = Room(
                kind=DIRECT,
                name=", ".join(u.username for u in people),
                direct_key=key,
                created_by_id=user.id,
            )
            room.members = [RoomMember(user_id=u.id) for u in people]
            session.add(room)
    except IntegrityError:  # someone opened the same conversation a moment earlier
        return db.session.execute(select(Room).where(Room.direct_key == key)).scalar_one(), False
    return room, True


def direct_rooms(user: User, *, limit: int, cursor: str | None = None) -> ListPage:
    """The user's direct conversations, most recently active first (the room's last message
    sequence, then the newest room), a page at a time."""
    mine = select(RoomMember.room_id).where(RoomMember.user_id == user.id)
    query = select(Room).where(Room.kind == DIRECT, Room.id.in_(mine))
    return keyset(query, (Room.last_seq, Room.id), limit=limit, cursor=cursor)


def readable_rooms_query(user: User) -> Select[int]:
    """Room ids the user may read, as a SELECT for filtering inside queries."""
    mine = select(RoomMember.room_id).where(RoomMember.user_id == user.id)
    return select(Room.id).where(
        (Room.zone_id.in_(readable_zone_ids_query(user))) | (Room.id.in_(mine))
    )


def unread_counts(user: User, rooms: Iterable[Room]) -> dict[int, int]:
    """Messages by others after the user's read marker, per room (deleted ones not counted)."""
    ids = [room.id for room in rooms]
    if not ids:
        return {}
    marker = (
        select(ReadMarker.room_id, ReadMarker.last_seq)
        .where(ReadMarker.user_id == user.id)
        .subquery()
    )
    rows = db.session.execute(
        select(Message.room_id, func.count())
        .outerjoin(marker, marker.c.room_id == Message.room_id)
        .where(
            Message.room_id.in_(ids),
            Message.seq > func.coalesce(marker.c.last_seq, 0),
            Message.author_id != user.id,
            Message.deleted_at.is_(None),
        )
        .group_by(Message.room_id)
    )
    return {room_id: count for room_id, count in rows}


def mark_read(user: User | Reader, room_id: int, seq: Any) -> int:
    """Moves the read marker forward (never back: tabs may report out of order)."""
    room = access_room(user, room_id)
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise ValidationError(_l("'seq' must be a message sequence number."), field="seq")
    seq = min(seq, room.last_seq)
    try:
        return _advance_marker(user, room, seq)
    except IntegrityError:  # the user's other tab created the marker a moment earlier
        return _advance_marker(user, room, seq)


def _advance_marker(user: User | Reader, room: Room, seq: int) -> int:
    with write_transaction() as session:
        marker = session.scalar(
            select(ReadMarker)
            .where(ReadMarker.room_id == room.id, ReadMarker.user_id == user.id)
            .with_for_update()
        )
        if marker is None:
            marker = ReadMarker(room_id=room.id, user_id=user.id, last_seq=0)
            session.add(marker)
        marker.last_seq = max(marker.last_seq, seq)
    return marker.last_seq
