"""Chat messages and zone rooms as search documents. Direct messages belong to no zone: they name
their readers, so only the people in the conversation can ever find them.

A zone room is found by its name and description, as a page by its title: a message only shows
its room's name, so before rooms were documents, searching a room's name found nothing of it.
Its zone decides who finds it, in the engine's filter and in the re-check, so a private zone's
room never shows to an outsider and a member removed from the zone loses it at the next search.
Direct rooms are not documents: their people name them, and their messages are found."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innovationzone.chat.models import ZONE, Message, Room
from innovationzone.extensions import db
from innovationzone.search.documents import SearchDocument, register_model_source

DIRECT_TITLE = "Direct message"  # the search page says it in the reader's language


def _document(message: Message | None) -> SearchDocument | None:
    if message is None or message.deleted_at is not None:
        return None
    room = message.room
    readers = tuple(member.user_id for member in room.members) if room.is_direct else ()
    return SearchDocument(
        type="message",
        id=message.id,
        title=_room_title(room),
        title_is_context=True,
        body=message.body,
        url=f"/chat/{room.id}#m{message.id}",
        zone_id=room.zone_id,
        updated_at=message.edited_at or message.created_at,
        reader_ids=readers,
        author_ids=(message.author_id,) if message.author_id is not None else (),
    )


def _documents(messages: list[Message]) -> list[SearchDocument | None]:
    """The messages' documents for the indexer's batches: the members of their direct rooms
    (the readers) in one query, not one per room; a public room's members are not loaded."""
    direct = {m.room_id for m in messages if m.room.is_direct}
    if direct:
        db.session.scalars(
            select(Room).where(Room.id.in_(direct)).options(selectinload(Room.members))
        ).all()
    return [_document(message) for message in messages]


def _room_title(room: Room) -> str:
    """What a message's hit is titled by: its room's name as it is now (a rename reindexes the
    room, not its messages), as `_document` stores it."""
    return room.name if not room.is_direct else DIRECT_TITLE


def _room_of(message_id: int) -> Room | None:  # the permission check runs on the room
    message = db.session.get(Message, message_id)
    return message.room if message is not None else None


def _room_document(room: Room | None) -> SearchDocument | None:
    if room is None or room.is_direct:
        return None
    return SearchDocument(
        type="room",
        id=room.id,
        title=room.name,
        body=room.description,
        url=f"/chat/{room.id}",
        zone_id=room.zone_id,
        updated_at=room.updated_at or room.created_at,
        author_ids=(room.created_by_id,) if room.created_by_id is not None else (),
    )


def register() -> None:
    """Registers undeleted messages (permissions are checked on the message's room) and zone
    rooms with search."""
    register_model_source(
        "room",
        Room,
        select(Room).where(Room.kind == ZONE).options(selectinload(Room.zone)),
        _room_document,
    )
    register_model_source(
        "message",
        Message,
        select(Message).where(Message.deleted_at.is_(None)),
        _document,
        load_object=_room_of,
        eager=(selectinload(Message.room),),
        to_documents=_documents,
        shown_title=_room_title,
    )
