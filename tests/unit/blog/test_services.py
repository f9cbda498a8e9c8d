"""Posts: drafts stay private, publishing and editing, deletion, tags, mentions."""

import pytest

from innovationzone.errors import Forbidden, NotFound, TooLarge, ValidationError
from tests.unit.blog.conftest import notifications_of


def _post(user, zone="winkels", **data):  # noqa: ANN001
    from innovationzone.blog.services import create_post

    return create_post(user, zone, {"title": "Click & collect", "body": "Eerste week.", **data})


def test_draft_is_seen_only_by_its_author(people):
    from innovationzone.blog.services import get_post, zone_posts

    draft = _post(people["bob"])
    assert draft.status == "draft" and draft.published_at is None
    assert get_post(people["bob"], draft.id).id == draft.id
    with pytest.raises(NotFound):
        get_post(people["ann"], draft.id)  # not even the curator
    assert zone_posts(people["ann"], "winkels")[1] == []
    assert [p.id for p in zone_posts(people["bob"], "winkels")[1]] == [draft.id]


def test_publish_renders_markdown_and_excerpt_and_tags(people):
    post = _post(
        people["bob"],
        body="# Kop\n\nDe **pilot** loopt. <script>x()</script>",
        tags="Click Collect, pilot, pilot",
        status="published",
    )
    assert "<strong>pilot</strong>" in post.html and "<script" not in post.html
    assert post.excerpt.startswith("Kop · De pilot loopt.")
    assert post.tags == ["click-collect", "pilot"]
    assert post.published_at is not None


def test_edit_marks_published_posts_edited_only(people):
    from innovationzone.blog.services import update_post

    post = _post(people["bob"])
    post = update_post(people["bob"], post.id, {"body": "Nog een draft."})
    assert post.edited_at is None
    post = update_post(people["bob"], post.id, {"status": "published"})
    assert post.edited_at is None and post.published_at is not None
    post = update_post(people["bob"], post.id, {"title": "Click & collect, week 2"})
    assert post.edited_at is not None and post.to_dict()["edited"] is True


def test_only_the_author_edits_curators_may_delete(people):
    from innovationzone.blog.services import delete_post, get_post, update_post

    post = _post(people["bob"], status="published")
    with pytest.raises(Forbidden):
        update_post(people["ann"], post.id, {"title": "Hijacked"})
    with pytest.raises(Forbidden):
        delete_post(people["cor"], post.id)
    delete_post(people["ann"], post.id)
    with pytest.raises(NotFound):
        get_post(people["bob"], post.id)


def test_bad_bodies(people):
    with pytest.raises(ValidationError):
        _post(people["bob"], body="   ")
    with pytest.raises(TooLarge):
        _post(people["bob"], body="x" * 100_001)
    with pytest.raises(ValidationError):
        _post(people["bob"], tags=["not a/tag"])
    with pytest.raises(NotFound):
        _post(people["cor"], zone="kassa")


def test_mentions_notify_readers_on_publish_and_new_mentions_only(people):
    from innovationzone.blog.services import update_post

    post = _post(people["ann"], zone="kassa", body="Vraag voor @bob en @cor.")
    assert notifications_of(people["bob"]) == []  # a draft tells nobody
    update_post(people["ann"], post.id, {"status": "published"})
    assert [n.kind for n in notifications_of(people["bob"])] == ["mention"]
    assert notifications_of(people["cor"]) == []  # may not read the private zone
    update_post(people["ann"], post.id, {"body": "Vraag voor @bob, @cor en @ann."})
    assert len(notifications_of(people["bob"])) == 1  # no second notice for the same mention
    assert 'href="/u/bob"' in post.html


def test_author_page_lists_only_readable_published_posts(people):
    from innovationzone.blog.services import author_posts

    public = _post(people["bob"], status="published")
    private = _post(people["bob"], zone="kassa", status="published")
    _post(people["bob"])  # draft
    assert [p.id for p in author_posts(people["cor"], people["bob"])] == [public.id]
    assert {p.id for p in author_posts(people["ann"], people["bob"])} == {public.id, private.id}
    assert len(author_posts(people["bob"], people["bob"])) == 3
