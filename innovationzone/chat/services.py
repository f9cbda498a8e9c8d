"""Chat messages: send (idempotent), edit, delete, history and catch-up.

Rendering happens before the write lock is taken; the broadcast only after commit, so
nobody ever sees a message that a rollback then loses, and an ack means "stored".
"""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from innovationzone import realtime
from innovationzone.accounts.models import User
from innovationzone.accounts.services import users_named
from innovationzone.accounts.socket_auth import Reader
from innovationzone.asyncmode import run_blocking
from innovationzone.chat.highlights import record_if_conversation_starts
from innovationzone.chat.models import Message, Room, ZoneRoomRow
from innovationzone.chat.ratelimit import chat_rate_limit
from innovationzone.chat.room_services import access_room
from innovationzone.db import read_row, utcnow, write_transaction
from innovationzone.errors import (
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    TooLarge,
    ValidationError,
)
from innovationzone.extensions import db
from innovationzone.html_pieces import BoundedCache
from innovationzone.markdown import LinkContext, escaped, extract_mentions, render_now
from innovationzone.notifications.services import notify
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import decode_cursor, encode_cursor
from innovationzone.permissions import READ, WRITE, may_edit_own, may_remove, require
from innovationzone.search.indexer import queue
from innovationzone.wiki.rendering import link_context
from innovationzone.wiki.view_versions import global_version

MAX_BODY = 4000
HISTORY_LIMIT = 50
LATEST_ROOMS = 256  # rooms whose latest messages a process keeps ready for joins
_LATEST_KEPT = "iz_chat_latest"  # their app.extensions key: each app keeps its own
SYNC_LIMIT = 200
MAX_BRACKETS, MAX_UNCLOSED = 200, 20
# One line of words and plain punctuation, starting with a letter: no Markdown syntax can be
# in it (no list, heading, emphasis, link, mention, code, HTML or entity), so the whole
# renderer would only wrap it in <p>. Most chat lines are like this.
PLAIN_RE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.?!'\"()/:;-])*")


def _body(body: Any) -> str:
    if not isinstance(body, str) or not body.strip():
        raise ValidationError(_l("Write a message first."), field="body")
    if len(body) > MAX_BODY:
        raise TooLarge(
            _l("Messages are at most %(max)s characters.", max=MAX_BODY), field="body", max=MAX_BODY
        )
    return body.strip()


def _client_msg_id(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise ValidationError(
            _l("'client_msg_id' must be a string of 1-64 characters."), field="client_msg_id"
        )
    return value


def _rate_limit(user: User) -> None:
    """5 messages a second sustained, a burst of 10 (CHAT_RATE_LIMIT), per user and app."""
    wait = chat_rate_limit().take(user.id)
    if wait:
        raise RateLimited(
            _l("You are sending too fast; wait a moment."), retry_after=round(wait, 2)
        )


def _markdown(body: str, context: LinkContext) -> str:
    """Chat renders in this process (off the hub, on a real thread) rather than through
    markdown.render's worker pool with its 2 s limit: a message is short, and its ack must not
    wait for a time limit. Python-Markdown is only slow on many unclosed brackets (cost ~
    brackets x length), so such a message is shown as escaped text at once; a line of plain
    words skips the renderer (same HTML, tested).
    """
    if PLAIN_RE.fullmatch(body):
        return f"<p>{html_text.escape(body, quote=False)}</p>"
    brackets = body.count("[")
    if brackets > MAX_BRACKETS or brackets - body.count("]") > MAX_UNCLOSED:
        return escaped(body)
    return run_blocking(render_now, body, context)


def _render(room: Room, body: str) -> tuple[str, list[User]]:
    mentioned = users_named(extract_mentions(body))
    context = link_context(
        room.zone.slug if room.zone else None, body, {u.username for u in mentioned}
    )
    return _markdown(body, context), mentioned


def _locked_room(session: Session, room_id: int) -> Room:
    """The room row, locked on PostgreSQL (SQLite's writer is serialised already)."""
    return session.execute(
        select(Room)
        .where(Room.id == room_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _count_up(session: Session, room: Room) -> tuple[int, int]:
    """The room's next message and change numbers, counted up by one statement that also locks
    the row (on PostgreSQL; SQLite's writer is serialised already). Profiled, re-reading the
    room under the lock and then writing it cost two statements per message, and the re-read
    dropped its loaded zone (one more)."""
    seq, change = session.execute(
        update(Room)
        .where(Room.id == room.id)
        .values(last_seq=Room.last_seq + 1, last_change=Room.last_change + 1)
        .returning(Room.last_seq, Room.last_change)
        .execution_options(synchronize_session=False)
    ).one()
    set_committed_value(room, "last_seq", seq)
    set_committed_value(room, "last_change", change)
    return seq, change


def _by_client_id(user: User, client_msg_id: str) -> Message | None:
    return db.session.scalar(
        select(Message).where(Message.author_id == user.id, Message.client_msg_id == client_msg_id)
    )


def _same_room(message: Message, room: Room) -> Message:
    if message.room_id != room.id:
        raise Conflict(_l("This client_msg_id was used for another room."), code="duplicate")
    return message


def _notify_mentions(user: User, room: Room, message: Message, mentioned: list[User]) -> None:
    if not mentioned:
        return
    # the room's name, as a page's or a post's mention carries its title: the notification
    # page and the mail put "<who> mentioned you in “<title>”" into the reader's language
    notify(
        mentioned,
        kind="mention",
        actor=user,
        about=room,
        object_type="message",
        object_id=message.id,
        title=room.title_for(None),
        url=f"/chat/{room.id}#m{message.id}",
    )


def send_message(user: User, room_id: Any, body: Any, client_msg_id: Any) -> Message:
    """Store a message once per (author, client_msg_id); a resend gets the stored one back.

    The hot path of chat: what it loaded before writing stays loaded (expire=False), as the
    room's numbers are counted up under the lock and the sender and the new message are used as
    they are.
    """
    body, client_msg_id = _body(body), _client_msg_id(client_msg_id)
    room = access_room(user, room_id, WRITE)
    existing = _by_client_id(user, client_msg_id)
    if existing is not None:
        return _same_room(existing, room)
    _rate_limit(user)
    html, mentioned = _render(room, body)
    with write_transaction(expire=False) as session:
        try:
            with session.begin_nested():
                seq, change = _count_up(session, room)
                message = Message(
                    room_id=room.id,
                    seq=seq,
                    created_change=change,
                    change=change,
                    author=user,
                    client_msg_id=client_msg_id,
                    body=body,
                    html=html,
                    edited_at=None,
                    deleted_at=None,
                )
                session.add(message)
        except IntegrityError:  # the same resend, racing us from another socket or process
            raced = _by_client_id(user, client_msg_id)
            if raced is None:  # the constraint that failed was not the resend's: a real error
                raise
            return _same_room(raced, room)
        _notify_mentions(user, room, message, mentioned)
        record_if_conversation_starts(session, user, room, message)
        queue("message", message.id)
        realtime.after_commit("message", message.to_dict(), room.id)
    return message


def _own_message(user: User, message_id: Any) -> Message:
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise ValidationError(_l("'message_id' must be a message's number."), field="message_id")
    message = db.session.get(Message, message_id)
    if message is None or message.deleted_at is not None:
        raise NotFound(_l("Not found."))
    require(user, READ, message.room)
    return message


def _touch(session: Session, message: Message) -> None:
    room = _locked_room(session, message.room_id)
    room.last_change += 1
    message.change = room.last_change


def edit_message(user: User, message_id: Any, body: Any) -> Message:
    """The author edits their message: a new change number lets syncing clients pick it up, and
    only @mentions the edit adds notify."""
    body = _body(body)
    message = _own_message(user, message_id)
    if not may_edit_own(user, message, message.room):
        raise Forbidden(_l("Only the author may edit a message."))
    old_mentions = extract_mentions(message.body)
    html, mentioned = _render(message.room, body)
    with write_transaction() as session:
        _touch(session, message)
        message.body, message.html, message.edited_at = body, html, utcnow()
        fresh = [u for u in mentioned if u.username not in old_mentions]
        _notify_mentions(user, message.room, message, fresh)
        queue("message", message.id)
        realtime.after_commit("message_edited", message.to_dict(), message.room_id)
    return message


def delete_message(user: User, message_id: Any) -> Message:
    """Authors delete their own; curators (moderators) anyone's. What stays is a marker."""
    message = _own_message(user, message_id)
    if not may_remove(user, message, message.room):
        raise Forbidden(_l("Only the author or a curator may delete a message."))
    with write_transaction() as session:
        _touch(session, message)
        message.deleted_at, message.body, message.html = utcnow(), "", ""
        queue("message", message.id)
        realtime.after_commit("message_deleted", message.to_dict(), message.room_id)
    return message


def history(
    user: User | Reader,
    room_id: Any,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = HISTORY_LIMIT,
) -> list[Message]:
    """Messages ascending by id: the latest `limit`, or those just before/after a cursor."""
    return history_page(user, room_id, before=before, after=after, limit=limit).items


def history_page(
    user: User | Reader,
    room_id: Any,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = HISTORY_LIMIT,
    cursor: str | None = None,
) -> ListPage:
    """`history` with the cursor of the next page in the direction it reads: later messages
    after `after`, else earlier ones before the first shown (a `cursor` moves that bound on);
    one query, a row beyond `limit` telling whether there is more."""
    if cursor:
        (position,) = decode_cursor(cursor, (Message.id,))
        before, after = (None, position) if after is not None else (position, None)
    room = access_room(user, room_id)
    # The authors come with the messages: to_dict names them (one lazy load per author else).
    query = select(Message).where(Message.room_id == room.id).options(joinedload(Message.author))
    if after is not None:
        query = query.where(Message.id > after).order_by(Message.id)
    else:
        if before is not None:
            query = query.where(Message.id < before)
        query = query.order_by(Message.id.desc())
    rows = list(db.session.scalars(query.limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    if after is None:
        rows.reverse()  # read newest first, shown ascending; the next page is the earlier one
    edge = rows[-1 if after is not None else 0] if more else None
    return ListPage(items=rows, next=encode_cursor((edge.id,)) if edge else None)


# Built once: every join runs it (building a statement costs more than running it). What the
# kept history depends on: the room's change number, and the version every change of people's
# names bumps (so a renamed author is seen by the next join).
_LATEST_KEY = select(Room.last_change, global_version()).where(Room.id == bindparam("room_id"))


def history_count(value: Any) -> int:
    """How many of the latest messages a join asks for: 0 to HISTORY_LIMIT, the limit when not
    said (the contract's join sends the latest 50)."""
    if value is None:
        return HISTORY_LIMIT
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= HISTORY_LIMIT:
        raise ValidationError(
            _l("'history' must be a whole number from 0 to %(max)s.", max=HISTORY_LIMIT),
            field="history",
        )
    return value


_NO_HISTORY = realtime.Encoded([])


def latest(
    user: User | Reader, room: Room | ZoneRoomRow, count: int = HISTORY_LIMIT
) -> realtime.Encoded:
    """What a socket gets on join: the latest `count` (at most HISTORY_LIMIT) messages of a room
    that `access_room` answered, as their JSON (the join's ack sends it as it is); call it after
    the socket joined the room's channel. A client that has the messages already (a reconnect
    that syncs) asks for none, and nothing is read.

    Everyone opening a room gets the same messages, and profiled, loading and serialising them
    was the biggest share of a join. So each process keeps them, encoded, per room under
    the room's change number (every send, edit and deletion bumps it) and the global view
    version (every change of a person bumps it: authors' names), both read in one statement
    here (`db.read_row`: what is committed, no session transaction), after the join and before
    the messages: what is kept is never older than its key (at worst newer: the next join's key
    differs, and reads them again), and
    whatever changes after the read reaches the socket as a broadcast (the change number
    `access_room` loaded, before the join, could miss a message sent in between). The answer
    is shared by every join of that version; a shorter one is cut from the kept messages.
    """
    require(user, READ, room)  # answered from this transaction's memo: no query
    if not count:
        return _NO_HISTORY
    version = read_row(_LATEST_KEY, {"room_id": room.id})
    if version is None:  # deleted since access_room read it
        raise NotFound(_l("Not found."))
    key = (room.id, room.created_at, *version)
    kept = current_app.extensions.get(_LATEST_KEPT)
    if kept is None:
        kept = current_app.extensions.setdefault(_LATEST_KEPT, BoundedCache(LATEST_ROOMS))
    found = kept.get(room.id)
    if found is None or found[0] != key:
        messages = [m.to_dict() for m in history(user, room.id)]
        found = (key, messages, realtime.Encoded(messages))
        kept.put(room.id, found)
    _, messages, encoded = found
    return encoded if count >= len(messages) else realtime.Encoded(messages[-count:])


def sync(
    user: User | Reader, room_id: Any, after_id: Any, after_change: Any = None
) -> dict[str, Any]:
    """Everything a client missed since `after_id`: new messages, and edits and deletions of
    older ones since change `after_change` (default: as of message `after_id`).

    Answers the cursor to continue from; `has_more` says whether to call again at once.
    """
    for name, value in (("after_id", after_id), ("after_change", after_change)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise ValidationError(_l("'%(name)s' must be a whole number.", name=name), field=name)
    after_id = after_id or 0
    room = access_room(user, room_id)
    watermark = room.last_change  # read first: later changes come again next time, harmlessly
    if after_change is None:
        after_change = (
            db.session.scalar(
                select(func.coalesce(func.max(Message.created_change), 0)).where(
                    Message.room_id == room.id, Message.id <= after_id
                )
            )
            if after_id
            else 0
        )
    in_room = select(Message).where(Message.room_id == room.id)
    new = db.session.scalars(
        in_room.where(Message.id > after_id).order_by(Message.id).limit(SYNC_LIMIT + 1)
    ).all()
    changed = db.session.scalars(
        in_room.where(Message.id <= after_id, Message.change > after_change)
        .order_by(Message.change)
        .limit(SYNC_LIMIT + 1)
    ).all()
    more_new, more_changed = len(new) > SYNC_LIMIT, len(changed) > SYNC_LIMIT
    new, changed = new[:SYNC_LIMIT], changed[:SYNC_LIMIT]
    return {
        "messages": sorted([*changed, *new], key=lambda m: m.id),
        "has_more": more_new or more_changed,
        "after_id": new[-1].id if new else after_id,
        "after_change": changed[-1].change
        if more_changed
        else (after_change if more_new else watermark),
    }
