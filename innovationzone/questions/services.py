"""Asking, answering and settling questions, and escalating the ones nobody answered.

Every question has an assignee from the start: the person chosen by the asker, else the topic's
owner, else a curator of the zone. Readers of a question are exactly the readers of its zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from innovationzone import hooks, validation
from innovationzone.accounts.models import User
from innovationzone.blog.content import body_text, render_body
from innovationzone.blog.models import Post
from innovationzone.chat.models import Message
from innovationzone.db import rows_changed, utcnow, write_transaction
from innovationzone.errors import Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.feed.services import record, summary_of
from innovationzone.markdown import extract_mentions
from innovationzone.notifications.services import notify
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import (
    READ,
    WRITE,
    access_zone,
    can,
    may_accept_answer,
    readable_zone_ids_query,
)
from innovationzone.questions.models import ANSWERED, OPEN, SOURCE_TYPES, STATUSES, Answer, Question
from innovationzone.search.indexer import queue as queue_for_index
from innovationzone.topics.models import Topic
from innovationzone.zones.models import Membership, Zone

MAX_BODY = 20_000
DEFAULT_ESCALATION_DAYS = 3


def _readable_source(user: Any, kind: str, ident: int) -> Post | Message | None:
    """The post or chat message `kind` `ident` if it is there, not deleted and `user` may read
    it: what a question may be made from, and what its page may lead back to."""
    source: Post | Message | None = (
        db.session.get(Post, ident) if kind == "post" else db.session.get(Message, ident)
    )
    if source is None or getattr(source, "deleted_at", None) or not can(user, READ, source):
        return None
    return source


def _source(user: Any, data: Mapping[str, Any]) -> Post | Message | None:
    raw = data.get("source")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValidationError(
            _l("'source' must be an object with 'type' and 'id'."), field="source"
        )
    kind = validation.choice(raw, "type", SOURCE_TYPES)
    ident = raw.get("id")
    if not isinstance(ident, int) or isinstance(ident, bool) or ident < 1:
        raise ValidationError(_l("'source.id' must be a positive whole number."), field="source")
    obj = _readable_source(user, kind, ident)
    if obj is None:
        raise NotFound(_l("No %(kind)s %(ident)s that you may read.", kind=kind, ident=ident))
    if obj.zone is None:
        raise ValidationError(
            _l("Only messages of zone rooms can become questions."), field="source"
        )
    return obj


def _zone(user: Any, data: Mapping[str, Any], source: Post | Message | None) -> Zone:
    source_zone = None if source is None else source.zone  # _source made sure it has one
    if source_zone is not None and data.get("zone") in (None, ""):
        return access_zone(user, source_zone.slug, WRITE)
    zone = access_zone(user, validation.text(data, "zone", max_len=50), WRITE)
    if source_zone is not None and source_zone.id != zone.id:
        raise ValidationError(
            _l("The question must be asked in the zone of its source."), field="zone"
        )
    return zone


def _topic(data: Mapping[str, Any]) -> Topic | None:
    if data.get("topic") in (None, ""):
        return None
    slug = validation.text(data, "topic", max_len=50)
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise ValidationError(_l("No topic '%(slug)s'.", slug=slug), field="topic")
    return topic


def _first_curator(zone: Zone) -> User | None:
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.zone_id == zone.id, Membership.role == "curator", User.active.is_(True))
        .order_by(Membership.id)
        .limit(1)
    )


def _assignee(data: Mapping[str, Any], zone: Zone, topic: Topic | None) -> User:
    """Chosen, else the topic's owner, else a curator of the zone: never nobody."""
    if data.get("assignee") not in (None, ""):
        name = validation.text(data, "assignee", max_len=32).lower()
        chosen = db.session.scalar(select(User).where(User.username == name, User.active.is_(True)))
        if chosen is None or not can(chosen, READ, zone):
            raise ValidationError(
                _l("No user '%(name)s' who may read this zone.", name=name), field="assignee"
            )
        return chosen
    if topic is not None and topic.owner.active and can(topic.owner, READ, zone):
        return topic.owner
    curator = _first_curator(zone)
    if curator is None:
        raise ValidationError(
            _l("This zone has no curator to answer; name an assignee."), field="assignee"
        )
    return curator


def ask(user: Any, data: Mapping[str, Any]) -> Question:
    """Stores a question and notifies its assignee. Made from a post or message, it takes that
    text and zone unless the asker gave their own; without an assignee it goes to the topic
    owner or a curator."""
    source = _source(user, data)
    zone = _zone(user, data, source)
    topic = _topic(data)
    if source is not None:
        first_line = (getattr(source, "title", None) or source.body.strip().splitlines()[0])[:200]
        given = {key: value for key, value in data.items() if value not in (None, "")}
        data = {"title": first_line, "body": source.body, **given}
    title = validation.text(data, "title", max_len=200)
    body = body_text(data, "body", MAX_BODY)
    assignee = _assignee(data, zone, topic)
    html, mentioned = render_body(body, zone)
    # what a post or message said was announced when it was written: only new names are told
    known = extract_mentions(source.body) if source is not None else set()
    with write_transaction() as session:
        question = Question(
            zone_id=zone.id,
            topic_id=topic.id if topic else None,
            title=title,
            body=body,
            html=html,
            asker_id=user.id,
            assignee_id=assignee.id,
            status=OPEN,
            source_type=("post" if isinstance(source, Post) else "message") if source else None,
            source_id=source.id if source else None,
        )
        session.add(question)
        session.flush()
        _notify(question, [assignee], "question_assigned", user)
        _notify_mentions(question, mentioned, user, told=assignee, known=known)
    return question


def _notify_mentions(
    question: Question, mentioned: list[User], actor: User, told: User | None, known: set[str]
) -> None:
    """Tell whom a question or answer @mentions, as a post's or comment's mentions are told,
    except the person already told of it (the assignee, the asker) and names in `known`."""
    recipients = [
        person
        for person in mentioned
        if (told is None or person.id != told.id) and person.username.lower() not in known
    ]
    _notify(question, recipients, "mention", actor)


def _notify(question: Question, recipients: list[User], kind: str, actor: User | None) -> None:
    notify(
        recipients,
        kind=kind,
        actor=actor,
        about=question,
        object_type="question",
        object_id=question.id,
        title=question.title,
        url=question.url,
    )


def get_question(user: Any, question_id: int) -> Question:
    """A question the user may read; otherwise 404, the same as a missing one."""
    question = db.session.get(Question, question_id)
    if question is None or not can(user, READ, question):
        raise NotFound(_l("No such question."))
    return question


@dataclass(frozen=True)
class SourceLink:
    """The post or chat message a question was made from, as its page names and links it."""

    kind: str  # "post" or "message"
    name: str  # the post's title, or the message's room
    url: str


def source_link(user: Any, question: Question) -> SourceLink | None:
    """Leads a question's readers back to the post or chat message that raised it; nothing when
    that is deleted or this reader may not read it."""
    if question.source_type is None or question.source_id is None:
        return None
    source = _readable_source(user, question.source_type, question.source_id)
    if source is None:
        return None
    if isinstance(source, Post):
        return SourceLink("post", source.title, source.url())
    return SourceLink("message", source.room.name, f"/chat/{source.room_id}#m{source.id}")


def answers_page(user: Any, question_id: int, *, limit: int, cursor: str | None) -> ListPage:
    """A readable question's answers, oldest first as the question page shows them, a page at
    a time."""
    question = get_question(user, question_id)
    query = (
        select(Answer).options(joinedload(Answer.author)).where(Answer.question_id == question.id)
    )
    return keyset(query, (Answer.id,), limit=limit, cursor=cursor, descending=False)


def answer_count(question: Question) -> int:
    """How many answers a question has, counted in the database, so the question page can say so
    while it loads only one page of them."""
    return (
        db.session.scalar(select(func.count(Answer.id)).where(Answer.question_id == question.id))
        or 0
    )


def _user_named(name: str) -> User:
    user = db.session.scalar(select(User).where(User.username == name.lower()))
    if user is None:
        raise NotFound(_l("No user '%(name)s'.", name=name))
    return user


def list_questions(
    user: Any,
    *,
    assignee: str | None = None,
    status: str | None = None,
    zone: str | None = None,
    topic: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ListPage:
    """Newest first; only questions in zones the caller may read, whatever the filters say."""
    stmt = select(Question).where(Question.zone_id.in_(readable_zone_ids_query(user)))
    if assignee:
        who = user if assignee == "me" else _user_named(assignee)
        stmt = stmt.where(Question.assignee_id == who.id)
    if status:
        stmt = stmt.where(
            Question.status == validation.choice({"status": status}, "status", STATUSES)
        )
    if zone:
        stmt = stmt.where(Question.zone_id == access_zone(user, zone).id)
    if topic:
        stmt = stmt.join(Topic, Question.topic_id == Topic.id).where(Topic.slug == topic)
    return keyset(stmt, (Question.created_at, Question.id), limit=limit, cursor=cursor)


def asked_by(user: Any, *, limit: int) -> list[Question]:
    """For the home page: the user's latest questions, so the asker sees one get settled."""
    return list(
        db.session.scalars(
            select(Question)
            .where(
                Question.asker_id == user.id,
                Question.zone_id.in_(readable_zone_ids_query(user)),
            )
            .order_by(Question.id.desc())
            .limit(limit)
        )
    )


def answer(user: Any, question_id: int, data: Mapping[str, Any]) -> Answer:
    """Stores an answer from someone who may write in the question's zone and tells the asker
    (if their account still exists)."""
    question = get_question(user, question_id)
    if not can(user, WRITE, question):
        raise Forbidden(_l("You may not answer in this zone."))
    body = body_text(data, "body", MAX_BODY)
    html, mentioned = render_body(body, question.zone)
    with write_transaction() as session:
        reply = Answer(question_id=question.id, author_id=user.id, body=body, html=html)
        session.add(reply)
        session.flush()
        if question.asker is not None:
            _notify(question, [question.asker], "question_answered", user)
        _notify_mentions(question, mentioned, user, told=question.asker, known=set())
    return reply


def accept(user: Any, question_id: int, data: Mapping[str, Any]) -> Question:
    """Settles the question with one of its answers; accepting another later moves the mark."""
    question = get_question(user, question_id)
    if not may_accept_answer(user, question):
        raise Forbidden(_l("Only the asker, the assignee and curators accept an answer."))
    answer_id = data.get("answer_id")
    if not isinstance(answer_id, int) or isinstance(answer_id, bool):
        raise ValidationError(_l("'answer_id' must be the id of an answer."), field="answer_id")
    with write_transaction() as session:
        chosen = session.get(Answer, answer_id)
        if chosen is None or chosen.question_id != question.id:
            raise ValidationError(
                _l("That answer does not belong to this question."), field="answer_id"
            )
        for reply in question.answers:
            reply.accepted = reply.id == chosen.id
        if question.status != ANSWERED:
            question.status, question.answered_at = ANSWERED, utcnow()
            record(  # the home feed tells the zone once, when the question is settled
                "question",
                question.id,
                zone=question.zone,
                actor=chosen.author,
                title=question.title,
                url=question.url,
                summary=summary_of(chosen.html),
            )
        queue_for_index("question", question.id)
    return question


def escalate_overdue(now: datetime | None = None, days: int = DEFAULT_ESCALATION_DAYS) -> int:
    """Open questions older than `days` go to the topic's owner and the zone's curators, once.

    The conditional UPDATE claims each question first, so concurrent sweeps escalate it once."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    stale = list(
        db.session.scalars(
            select(Question.id).where(
                Question.status == OPEN,
                Question.escalated_at.is_(None),
                Question.created_at <= cutoff,
            )
        )
    )
    escalated = 0
    for question_id in stale:
        with write_transaction() as session:
            claimed = rows_changed(
                session,
                update(Question)
                .where(
                    Question.id == question_id,
                    Question.escalated_at.is_(None),
                    Question.status == OPEN,
                )
                .values(escalated_at=now),
            )
            if not claimed:
                continue
            question = session.get_one(Question, question_id)  # claimed above, so it is there
            curators = session.scalars(
                select(User)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.zone_id == question.zone_id, Membership.role == "curator")
            )
            owners = [question.topic.owner] if question.topic else []
            _notify(question, [*owners, *curators], "question_escalated", None)
            escalated += 1
    return escalated


@hooks.register("sweep")
def _sweep_unanswered() -> int:
    """The sweeper's duty for questions: escalate those left unanswered too long."""
    return escalate_overdue(days=current_app.config.get("QUESTION_ESCALATION_DAYS", 3))
