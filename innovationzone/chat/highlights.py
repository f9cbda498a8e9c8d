"""Chat in the home feed: not every line (that is what the room is for), but a conversation
starting after a quiet hour, so a reader sees that a room woke up and what about."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from innovationzone.accounts.models import User
from innovationzone.chat.models import Message, Room
from innovationzone.feed import sources
from innovationzone.feed.models import FeedEntry
from innovationzone.feed.services import record, summary_of

QUIET = timedelta(hours=1)


def record_if_conversation_starts(
    session: Session, user: User, room: Room, message: Message
) -> None:
    """Call in the send's transaction, after the message has its `seq`: one indexed lookup."""
    if room.zone is None:  # direct messages are nobody else's news
        return
    before = session.scalar(
        select(Message.created_at).where(Message.room_id == room.id, Message.seq == message.seq - 1)
    )
    if before is not None and message.created_at - before < QUIET:
        return
    record(
        "message",
        message.id,
        zone=room.zone,
        actor=user,
        title=room.name,
        url=f"/chat/{room.id}#m{message.id}",
        summary=summary_of(message.html),
    )


def register() -> None:
    """Tells the home feed that a chat highlight shows only while its message is not deleted."""
    sources.register(
        "message",
        lambda: exists().where(Message.id == FeedEntry.object_id, Message.deleted_at.is_(None)),
    )
