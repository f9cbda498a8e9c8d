"""Question assignment, called as the services are: the chosen person, else the topic's owner
while they are active and may read the zone, else the zone's first active curator."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import set_active
from innovationzone.errors import ValidationError
from innovationzone.extensions import db
from innovationzone.questions.services import ask
from innovationzone.topics.services import create_topic
from innovationzone.zones.services import add_member, create_zone


def _u(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


@pytest.fixture
def org(ctx, make_user):
    for name in ("cur", "cur2", "own", "mem"):
        make_user(name)
    make_user("root", admin=True)
    create_zone(_u("cur"), {"slug": "winkels", "name": "Winkels"})
    add_member(_u("cur"), "winkels", {"username": "cur2", "role": "curator"})
    create_topic(_u("cur"), {"slug": "kassa", "title": "Kassa", "owner": "own"})


def _ask(**fields) -> str:
    data = {"zone": "winkels", "title": "Vraag", "body": "?", **fields}
    return ask(_u("mem"), data).assignee.username


def test_topic_owner_then_first_active_curator(org):
    assert _ask(topic="kassa") == "own"
    set_active(_u("root"), "own", False)
    assert _ask(topic="kassa") == "cur"
    set_active(_u("root"), "cur", False)
    assert _ask(topic="kassa") == "cur2"


def test_a_deactivated_person_cannot_be_chosen(org):
    set_active(_u("root"), "own", False)
    with pytest.raises(ValidationError) as refused:
        _ask(assignee="own")
    assert refused.value.extra["field"] == "assignee"


def test_a_zone_without_an_active_curator_needs_a_named_assignee(org):
    set_active(_u("root"), "cur", False)
    set_active(_u("root"), "cur2", False)
    with pytest.raises(ValidationError):
        _ask()
    assert _ask(assignee="own") == "own"


def test_people_mentioned_in_a_question_or_an_answer_are_told_once(org):
    """A question saying "@cur2 weet jij dit?" showed a mention link, yet cur2 heard nothing;
    the assignee and the asker already hear of the question and the answer, not of the mention."""
    from innovationzone.notifications.services import list_for
    from innovationzone.questions.services import answer

    def kinds(name: str) -> list[str]:
        return sorted(n.kind for n in list_for(_u(name)) if n.kind != "zone_added")

    question = ask(
        _u("mem"),
        {"zone": "winkels", "title": "Bon kwijt?", "body": "@cur2 en @own, weten jullie dit?"}
        | {"assignee": "own"},
    )
    assert kinds("cur2") == ["mention"] and kinds("own") == ["question_assigned"]
    (mention,) = [n for n in list_for(_u("cur2")) if n.kind == "mention"]
    assert (mention.title, mention.url) == ("Bon kwijt?", question.url)
    answer(_u("cur"), question.id, {"body": "@mem ja, en @cur2 weet het ook."})
    assert kinds("mem") == ["question_answered"] and kinds("cur2") == ["mention", "mention"]


def test_a_post_made_a_question_tells_only_the_names_it_adds(org):
    """The post's mentions were told when it was published: asking it again is no new mention."""
    from innovationzone.blog.services import create_post
    from innovationzone.notifications.services import list_for

    post = create_post(
        _u("mem"),
        "winkels",
        {"title": "Bon kwijt", "body": "@cur2 kijk jij?", "status": "published"},
    )
    ask(_u("mem"), {"source": {"type": "post", "id": post.id}, "body": "@cur2 en @own?"})
    assert [n.kind for n in list_for(_u("cur2"))].count("mention") == 1
    assert "mention" in [n.kind for n in list_for(_u("own"))]
