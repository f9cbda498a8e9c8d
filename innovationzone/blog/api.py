"""JSON API: posts of a zone, one post, its comments, comment moderation and reactions."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone import validation
from innovationzone.api import api_blueprint, json_body, page_args, query_int, signed_in
from innovationzone.blog import comment_services, reaction_services, services
from innovationzone.blog.presenters import post_dict
from innovationzone.pagination import encode_cursor
from innovationzone.permissions import MODERATE, can

bp = api_blueprint("blog_api", __name__)


@bp.get("/zones/<slug>/posts")
@signed_in
def list_posts(slug: str) -> ResponseReturnValue:
    """A zone's published posts (and the reader's own drafts), newest first, with comment counts
    fetched in one query for the whole page."""
    limit, cursor = page_args()
    listing = services.posts_page(
        current_user, slug, limit=limit, cursor=cursor, before=query_int("before", None, minimum=1)
    )
    posts = listing.items
    counts = services.comment_counts([post.id for post in posts])
    items = [
        post_dict(post, current_user, with_body=False, comment_count=counts.get(post.id, 0))
        for post in posts
    ]
    return {
        "posts": items,
        "next": listing.next,
        "next_before": posts[-1].id if posts else None,
    }


@bp.post("/zones/<slug>/posts")
@signed_in
def create_post(slug: str) -> ResponseReturnValue:
    """Creates a draft or published post in a zone the user may write in (201)."""
    return post_dict(services.create_post(current_user, slug, json_body()), current_user), 201


@bp.get("/posts/<int:post_id>")
@signed_in
def show_post(post_id: int) -> ResponseReturnValue:
    """One post; someone else's draft answers 404, like a post that never was."""
    return post_dict(services.get_post(current_user, post_id), current_user)


@bp.patch("/posts/<int:post_id>")
@signed_in
def update_post(post_id: int) -> ResponseReturnValue:
    """The author changes their post; only the fields present in the body change."""
    return post_dict(services.update_post(current_user, post_id, json_body()), current_user)


@bp.delete("/posts/<int:post_id>")
@signed_in
def delete_post(post_id: int) -> ResponseReturnValue:
    """The author or a curator deletes a post with its comments and reactions (204)."""
    services.delete_post(current_user, post_id)
    return "", 204


@bp.get("/posts/<int:post_id>/comments")
@signed_in
def list_comments(post_id: int) -> ResponseReturnValue:
    """A published post's comments in order, paged by cursor; the older `after` id still works
    for clients written before cursors."""
    post = comment_services.commentable_post(current_user, post_id)
    limit, cursor = page_args()
    after = query_int("after", None, minimum=0)
    if after is not None and not cursor:  # the older `after` id, as a cursor
        cursor = encode_cursor((after,))
    listing = comment_services.comments_page(current_user, post, limit=limit, cursor=cursor)
    found = listing.items
    summaries = reaction_services.summaries(current_user, "comment", [c.id for c in found])
    return {
        "comments": [
            {**comment_services.comment_dict(c, current_user), "reactions": summaries[c.id]}
            for c in found
        ],
        "next": listing.next,
        "next_after": found[-1].id if found else None,
    }


@bp.post("/posts/<int:post_id>/comments")
@signed_in
def add_comment(post_id: int) -> ResponseReturnValue:
    """Comments (or replies) on a published post; a new comment has no reactions yet, so none are
    looked up."""
    comment = comment_services.add_comment(current_user, post_id, json_body())
    return {**comment_services.comment_dict(comment, current_user), "reactions": []}, 201


@bp.get("/comments/<int:comment_id>")
@signed_in
def show_comment(comment_id: int) -> ResponseReturnValue:
    """One comment, checked against its post, so a comment of an unreadable post is 404."""
    return _comment_answer(comment_services.get_comment(current_user, comment_id))


@bp.patch("/comments/<int:comment_id>")
@signed_in
def update_comment(comment_id: int) -> ResponseReturnValue:
    """`body` (author) and/or `hidden` (curators), so one PATCH says what changed."""
    data = json_body()
    comment = comment_services.get_comment(current_user, comment_id)
    if "body" in data:
        comment = comment_services.edit_comment(current_user, comment_id, data)
    if "hidden" in data:
        comment = comment_services.set_hidden(
            current_user, comment_id, validation.flag(data, "hidden")
        )
    return _comment_answer(comment)


@bp.delete("/comments/<int:comment_id>")
@signed_in
def delete_comment(comment_id: int) -> ResponseReturnValue:
    """The author or a curator deletes a comment (204)."""
    comment_services.delete_comment(current_user, comment_id)
    return "", 204


def _comment_answer(comment: comment_services.Comment) -> dict:
    summary = reaction_services.summaries(current_user, "comment", [comment.id])[comment.id]
    return {
        **comment_services.comment_dict(comment, current_user),
        "reactions": summary,
        "may_moderate": can(current_user, MODERATE, comment),
    }


@bp.get("/reactions")
def reaction_names() -> ResponseReturnValue:
    """The reactions a client may offer and their emoji, so clients need not hard-code the list."""
    return {
        "reactions": [
            {"name": name, "emoji": emoji} for name, emoji in reaction_services.EMOJI.items()
        ]
    }


@bp.get("/<any(posts,comments):kind>/<int:target_id>/reactions")
@signed_in
def list_reactions(kind: str, target_id: int) -> ResponseReturnValue:
    """Who reacted how on a post or comment the user may read, `limit` people a page (`cursor`
    for the next); every page has each reaction's whole count."""
    limit, cursor = page_args()
    reactions, next_cursor = reaction_services.reactions_page(
        current_user, kind[:-1], target_id, limit=limit, cursor=cursor
    )
    return {"reactions": reactions, "next": next_cursor}


@bp.put("/<any(posts,comments):kind>/<int:target_id>/reactions/<name>")
@signed_in
def add_reaction(kind: str, target_id: int, name: str) -> ResponseReturnValue:
    """Adds the user's reaction; idempotent (PUT), answers the new summary."""
    return {
        "reactions": reaction_services.set_reaction(current_user, kind[:-1], target_id, name, True)
    }


@bp.delete("/<any(posts,comments):kind>/<int:target_id>/reactions/<name>")
@signed_in
def remove_reaction(kind: str, target_id: int, name: str) -> ResponseReturnValue:
    """Removes the user's reaction; idempotent, answers the new summary."""
    return {
        "reactions": reaction_services.set_reaction(current_user, kind[:-1], target_id, name, False)
    }
