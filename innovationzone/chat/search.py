"""Chat messages as search documents. Direct messages belong to no zone: they name their readers,
so only the people in the conversation can ever find them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innovationzone.chat.models import Message, Room
from innovationzone.extensions import db
from innovationzone.search.documents import SearchDocument, register_model_source


def _document(message: Message | None) -> SearchDocument | None:
    if message is None or message.deleted_at is not None:
        return None
    room = message.room
    readers = tuple(member.user_id for member in room.members) if room.is_direct else ()
    return SearchDocument(
        type="message",
        id=message.id,
        title=room.name if not room.is_direct else "Direct message",
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


def _room_of(message_id: int) -> Room | None:  # the permission check runs on the room
    message = db.session.get(Message, message_id)
    return message.room if message is not None else None


def register() -> None:
    """Registers undeleted messages with search; permissions are checked on the message's room."""
    register_model_source(
        "message",
        Message,
        select(Message).where(Message.deleted_at.is_(None)),
        _document,
        load_object=_room_of,
        eager=(selectinload(Message.room),),
        to_documents=_documents,
    )
