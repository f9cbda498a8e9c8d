"""The rules of responsibility in permissions.py, asked directly: who manages a topic, who may
accept an answer, who sets and who vouches for a review."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import set_active
from innovationzone.extensions import db
from innovationzone.permissions import (
    MANAGE,
    READ,
    can,
    may_accept_answer,
    may_mark_reviewed,
    may_set_review,
)
from innovationzone.questions.services import ask
from innovationzone.reviews.models import Review
from innovationzone.topics.services import create_topic, update_topic
from innovationzone.wiki.services import save_page
from innovationzone.zones.services import add_member, create_zone, remove_member


def _u(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _people(make_user) -> None:
    for name in ("cur", "own", "co", "mem", "out", "ask"):
        make_user(name)
    make_user("root", admin=True)


def test_topic_is_read_by_all_and_managed_by_owner_co_owners_curators_admins(ctx, make_user):
    _people(make_user)
    create_zone(_u("cur"), {"slug": "winkels", "name": "Winkels"})
    topic = create_topic(_u("cur"), {"slug": "kassa", "title": "Kassa", "owner": "own"})
    update_topic(_u("own"), "kassa", {"co_owners": ["co"]})
    for name in ("own", "co", "cur", "root"):
        assert can(_u(name), MANAGE, topic), name
    for name in ("mem", "out"):
        assert can(_u(name), READ, topic) and not can(_u(name), MANAGE, topic), name
    assert not can(None, READ, topic)
    set_active(_u("root"), "co", False)
    assert not can(_u("co"), READ, topic) and not can(_u("co"), MANAGE, topic)


def test_accepting_is_for_asker_assignee_and_moderators_who_can_read(ctx, make_user):
    _people(make_user)
    create_zone(_u("cur"), {"slug": "dicht", "name": "Dicht", "visibility": "private"})
    for name in ("ask", "own", "mem"):
        add_member(_u("cur"), "dicht", {"username": name, "role": "member"})
    question = ask(_u("ask"), {"zone": "dicht", "title": "Vraag", "body": "?", "assignee": "own"})
    for name in ("ask", "own", "cur", "root"):
        assert may_accept_answer(_u(name), question), name
    for name in ("mem", "out"):
        assert not may_accept_answer(_u(name), question), name
    remove_member(_u("cur"), "dicht", "ask")
    assert not may_accept_answer(_u("ask"), question)


def test_review_rules_for_pages_and_topics(ctx, make_user):
    _people(make_user)
    create_zone(_u("cur"), {"slug": "winkels", "name": "Winkels"})
    page = save_page(_u("mem"), "winkels", "Retour", "Retour", "x", None)[0]
    topic = create_topic(_u("cur"), {"slug": "kassa", "title": "Kassa", "owner": "own"})
    assert may_set_review(_u("out"), page)  # a public page: anyone who may edit it
    assert may_set_review(_u("own"), topic) and not may_set_review(_u("out"), topic)
    page_review = Review(page_id=page.id, owner_id=_u("mem").id, interval_days=7)
    topic_review = Review(topic_id=topic.id, owner_id=_u("own").id, interval_days=7)
    assert may_mark_reviewed(_u("mem"), page_review, page)
    assert may_mark_reviewed(_u("cur"), page_review, page)
    assert not may_mark_reviewed(_u("out"), page_review, page)
    assert may_mark_reviewed(_u("own"), topic_review, topic)
    assert may_mark_reviewed(_u("cur"), topic_review, topic)  # curates topics
    assert not may_mark_reviewed(_u("mem"), topic_review, topic)
