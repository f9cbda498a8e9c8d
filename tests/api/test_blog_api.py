"""The blog API on SQLite and PostgreSQL: drafts' privacy, threading, moderation, mentions."""

import pytest


@pytest.fixture
def team(api_as):
    """ann curates public 'winkels' and private 'kassa' (bob is a member there); cor is outside."""
    ann, bob, cor = api_as("ann"), api_as("bob"), api_as("cor")
    assert ann.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    assert (
        ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"}).status_code
        == 201
    )
    assert ann.post("zones/kassa/members", {"username": "bob", "role": "member"}).status_code == 201
    return ann, bob, cor


def _publish(api, zone="winkels", **data):  # noqa: ANN001
    response = api.post(
        f"zones/{zone}/posts", {"title": "Pilot", "body": "Tekst", "status": "published", **data}
    )
    assert response.status_code == 201, response.json
    return response.json


def test_drafts_are_private_to_their_author(team):
    ann, bob, cor = team
    draft = bob.post(
        "zones/winkels/posts", {"title": "Concept", "body": "nog niet af", "status": "draft"}
    )
    assert draft.status_code == 201 and draft.json["status"] == "draft"
    published = _publish(ann)
    assert [p["id"] for p in bob.get("zones/winkels/posts").json["posts"]] == [
        published["id"],
        draft.json["id"],
    ]
    assert [p["id"] for p in cor.get("zones/winkels/posts").json["posts"]] == [published["id"]]
    assert cor.get(f"posts/{draft.json['id']}").status_code == 404
    assert ann.get(f"posts/{draft.json['id']}").status_code == 404
    assert cor.post(f"posts/{draft.json['id']}/comments", {"body": "hoi"}).status_code == 404
    assert cor.get(f"posts/{draft.json['id']}/comments").status_code == 404


def test_edit_delete_and_moderation_rights(team):
    ann, bob, cor = team
    post = _publish(bob, tags=["kassa", "pilot"])
    assert cor.patch(f"posts/{post['id']}", {"title": "Van mij"}).status_code == 403
    assert ann.patch(f"posts/{post['id']}", {"title": "Van de curator"}).status_code == 403
    edited = bob.patch(f"posts/{post['id']}", {"title": "Pilot, week 2", "tags": "kassa"})
    assert (
        edited.status_code == 200
        and edited.json["edited"] is True
        and edited.json["tags"] == ["kassa"]
    )
    assert cor.delete(f"posts/{post['id']}").status_code == 403
    assert ann.delete(f"posts/{post['id']}").status_code == 204
    assert bob.get(f"posts/{post['id']}").status_code == 404
    assert bob.patch("posts/99999", {"title": "x"}).status_code == 404


def test_bad_input_is_400_or_413_never_500(team):
    ann, bob, _cor = team
    assert bob.post("zones/winkels/posts", {"title": "", "body": "x"}).status_code == 400
    assert bob.post("zones/winkels/posts", {"title": "x", "body": 5}).status_code == 400
    assert (
        bob.post("zones/winkels/posts", {"title": "x", "body": "x", "status": "live"}).status_code
        == 400
    )
    assert bob.post("zones/winkels/posts", {"title": "x", "body": "x" * 100_001}).status_code == 413
    post = _publish(ann)
    assert bob.post(f"posts/{post['id']}/comments", {"body": "  "}).status_code == 400
    assert (
        bob.post(f"posts/{post['id']}/comments", {"body": "x" * 10_001}).json["error"]
        == "too_large"
    )
    assert (
        bob.post(f"posts/{post['id']}/comments", {"body": "x", "parent_id": "1"}).status_code == 400
    )
    assert bob.post("posts/4242/comments", {"body": "hoi"}).status_code == 404
    assert (
        bob.post(f"posts/{post['id']}/comments", data="nope", content_type="text/plain").status_code
        == 400
    )


def test_threaded_comments_and_counts(team):
    ann, bob, cor = team
    post = _publish(ann)
    first = bob.post(f"posts/{post['id']}/comments", {"body": "Mooi resultaat"}).json
    reply = cor.post(f"posts/{post['id']}/comments", {"body": "Eens", "parent_id": first["id"]})
    assert reply.status_code == 201 and reply.json["parent_id"] == first["id"]
    listed = ann.get(f"posts/{post['id']}/comments").json["comments"]
    assert [(c["id"], c["parent_id"]) for c in listed] == [
        (first["id"], None),
        (reply.json["id"], first["id"]),
    ]
    assert ann.get("zones/winkels/posts").json["posts"][0]["comment_count"] == 2
    assert bob.patch(f"comments/{reply.json['id']}", {"body": "Van bob"}).status_code == 403
    assert (
        cor.patch(f"comments/{reply.json['id']}", {"body": "Helemaal eens"}).json["edited"] is True
    )


def test_curator_hides_a_comment(team):
    ann, bob, cor = team
    post = _publish(ann)
    spam = cor.post(f"posts/{post['id']}/comments", {"body": "Koop nu!"}).json
    assert bob.patch(f"comments/{spam['id']}", {"hidden": True}).status_code == 403
    hidden = ann.patch(f"comments/{spam['id']}", {"hidden": True})
    assert hidden.status_code == 200 and hidden.json["hidden"] is True
    seen_by_bob = bob.get(f"posts/{post['id']}/comments").json["comments"][0]
    assert (
        seen_by_bob["hidden"] is True
        and seen_by_bob["body"] is None
        and seen_by_bob["html"] is None
    )
    assert ann.get(f"posts/{post['id']}").json["comment_count"] == 0
    assert cor.delete(f"comments/{spam['id']}").status_code == 204


def content_notes(client) -> list[dict]:
    """Notifications about content, leaving out the ones for being added to a zone."""
    return [
        n for n in client.get("notifications").json["notifications"] if n["kind"] != "zone_added"
    ]


def test_mentions_notify_readers_only_and_leak_nothing(team):
    ann, bob, cor = team
    post = _publish(ann, zone="kassa", body="Voor @bob")
    assert [n["kind"] for n in content_notes(bob)] == ["mention"]
    comment = bob.post(f"posts/{post['id']}/comments", {"body": "@cor en @ann, kijk even"})
    assert comment.status_code == 201
    assert content_notes(cor) == []
    assert cor.get(f"posts/{post['id']}").status_code == 404
    assert cor.get(f"comments/{comment.json['id']}").status_code == 404
    ann_notes = content_notes(ann)
    assert [(n["kind"], n["actor"], n["url"]) for n in ann_notes] == [
        ("mention", "bob", f"/z/kassa/blog/{post['id']}#comment-{comment.json['id']}")
    ]


def test_reactions_endpoints(team):
    ann, bob, cor = team
    post = _publish(ann)
    assert bob.put(f"posts/{post['id']}/reactions/tada").status_code == 200
    answer = cor.put(f"posts/{post['id']}/reactions/tada").json["reactions"]
    assert answer[0]["users"] == ["bob", "cor"] and answer[0]["mine"] is True
    assert bob.delete(f"posts/{post['id']}/reactions/tada").json["reactions"][0]["count"] == 1
    assert bob.put(f"posts/{post['id']}/reactions/nope").status_code == 404
    comment = bob.post(f"posts/{post['id']}/comments", {"body": "Top"}).json
    assert ann.put(f"comments/{comment['id']}/reactions/thumbs_up").status_code == 200
    assert bob.get(f"comments/{comment['id']}/reactions").json["reactions"][0]["users"] == ["ann"]
    assert ann.get(f"posts/{post['id']}").json["reactions"][0]["name"] == "tada"
    private = _publish(ann, zone="kassa")
    assert cor.put(f"posts/{private['id']}/reactions/tada").status_code == 404
