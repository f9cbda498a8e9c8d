"""Comments: threads, who hears about what, editing, deleting and hiding."""

import pytest

from innovationzone.errors import Forbidden, NotFound, ValidationError
from tests.unit.blog.conftest import notifications_of


@pytest.fixture
def post(people):
    from innovationzone.blog.services import create_post

    return create_post(
        people["ann"],
        "winkels",
        {"title": "Kassa-pilot", "body": "Hoe ging het?", "status": "published"},
    )


def _comment(user, post, body="Goed!", **data):  # noqa: ANN001
    from innovationzone.blog.comment_services import add_comment

    return add_comment(user, post.id, {"body": body, **data})


def test_replies_form_a_thread(people, post):
    from innovationzone.blog.comment_services import comments_page, threads

    first = _comment(people["bob"], post)
    reply = _comment(people["cor"], post, "Eens", parent_id=first.id)
    deeper = _comment(people["bob"], post, "Dank", parent_id=reply.id)
    second = _comment(people["cor"], post, "Tweede")
    roots = threads(comments_page(people["ann"], post, limit=50, cursor=None).items)
    assert [t.comment.id for t in roots] == [first.id, second.id]
    assert [t.comment.id for t in roots[0].replies] == [reply.id]
    assert [t.comment.id for t in roots[0].replies[0].replies] == [deeper.id]


def test_who_is_notified_of_a_comment(people, post):
    first = _comment(people["bob"], post)
    assert [(n.kind, n.object_id) for n in notifications_of(people["ann"])] == [
        ("comment", first.id)
    ]
    _comment(people["cor"], post, "Ja @bob", parent_id=first.id)
    assert [n.kind for n in notifications_of(people["bob"])] == [
        "mention"
    ]  # once, not also "reply"
    _comment(people["ann"], post, "Zie boven", parent_id=first.id)
    assert [n.kind for n in notifications_of(people["bob"])] == ["reply", "mention"]
    assert len(notifications_of(people["ann"])) == 2  # bob's and cor's comments; not her own


def test_bad_comments(people, post):
    from innovationzone.blog.services import create_post

    with pytest.raises(ValidationError):
        _comment(people["bob"], post, "")
    with pytest.raises(ValidationError):
        _comment(people["bob"], post, "x", parent_id=999)
    draft = create_post(people["ann"], "winkels", {"title": "Concept", "body": "nog niet"})
    with pytest.raises(NotFound):
        _comment(people["ann"], draft)


def test_edit_and_delete_by_author_keep_the_thread(people, post):
    from innovationzone.blog.comment_services import comments_page, delete_comment, edit_comment

    first = _comment(people["bob"], post)
    reply = _comment(people["cor"], post, "Eens", parent_id=first.id)
    with pytest.raises(Forbidden):
        edit_comment(people["cor"], first.id, {"body": "Niet van mij"})
    assert edit_comment(people["bob"], first.id, {"body": "Heel goed!"}).edited_at is not None
    delete_comment(people["bob"], first.id)
    remaining = comments_page(people["ann"], post, limit=50, cursor=None).items
    assert [c.id for c in remaining] == [first.id, reply.id] and remaining[0].body == ""
    delete_comment(people["cor"], reply.id)  # no replies: gone entirely
    assert [c.id for c in comments_page(people["ann"], post, limit=50, cursor=None).items] == [
        first.id
    ]


def test_curators_hide_and_counts_skip_hidden(people, post):
    from innovationzone.blog.comment_services import comment_dict, set_hidden
    from innovationzone.blog.services import comment_counts

    spam = _comment(people["cor"], post, "Koop nu!")
    _comment(people["bob"], post)
    with pytest.raises(Forbidden):
        set_hidden(people["bob"], spam.id, True)
    set_hidden(people["ann"], spam.id, True)
    assert comment_counts([post.id]) == {post.id: 1}
    assert comment_dict(spam, people["bob"])["body"] is None
    assert comment_dict(spam, people["cor"])["body"] == "Koop nu!"  # its author still sees it
    set_hidden(people["ann"], spam.id, False)
    assert comment_counts([post.id]) == {post.id: 2}


def test_reactions_toggle_and_say_who(people, post):
    from innovationzone.blog.reaction_services import set_reaction

    set_reaction(people["bob"], "post", post.id, "heart", True)
    set_reaction(people["bob"], "post", post.id, "heart", True)  # idempotent
    summary = set_reaction(people["cor"], "post", post.id, "heart", True)
    assert summary == [
        {
            "name": "heart",
            "emoji": "❤️",
            "count": 2,
            "users": ["bob", "cor"],
            "display_names": ["Bob", "Cor"],
            "mine": True,
        }
    ]
    assert set_reaction(people["bob"], "post", post.id, "heart", False)[0]["users"] == ["cor"]
    comment = _comment(people["bob"], post)
    assert set_reaction(people["ann"], "comment", comment.id, "bulb", True)[0]["emoji"] == "💡"
    with pytest.raises(NotFound):
        set_reaction(people["ann"], "post", post.id, "poop", True)
