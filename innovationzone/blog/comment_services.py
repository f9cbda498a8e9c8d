"""Comments and replies: who may write, edit, delete and hide them, and who hears about it.

A deleted comment keeps its row (without its text) while it has replies, so a thread never
loses its middle. Each comment notifies each person once: a mention wins over "reply to
you", which wins over "comment on your post".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import audit
from innovationzone.blog.content import body_text, render_body
from innovationzone.blog.models import Comment, Post, Reaction
from innovationzone.blog.services import get_post, may_remove
from innovationzone.db import isoformat, utcnow, write_transaction
from innovationzone.errors import Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.feed.services import record, summary_of
from innovationzone.markdown import extract_mentions
from innovationzone.notifications.services import notify
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import MODERATE, WRITE, may_edit_own, may_see_hidden, require
from innovationzone.realtime import post_changed_after_commit
from innovationzone.search.indexer import queue

MAX_COMMENT_CHARS = 10_000


def commentable_post(user: User, post_id: int) -> Post:
    """The post when it may have comments: a draft has no comment section, not even for its
    author (404)."""
    post = get_post(user, post_id)
    if not post.is_published:  # drafts have no comment section, not even for their author
        raise NotFound(_l("Not found."))
    return post


def add_comment(user: User, post_id: int, data: Mapping[str, Any]) -> Comment:
    """Stores a comment or a reply (to a comment of the same post) and notifies the post's
    author, the replied-to author and new @mentions after commit."""
    post = commentable_post(user, post_id)
    require(user, WRITE, post)
    body = body_text(data, "body", MAX_COMMENT_CHARS)
    parent = _parent(post, data.get("parent_id"))
    html, mentioned = render_body(body, post.zone)
    with write_transaction() as session:
        comment = Comment(
            post_id=post.id,
            post=post,
            parent_id=parent.id if parent else None,
            author_id=user.id,
            body=body,
            html=html,
        )
        session.add(comment)
        session.flush()
        queue("comment", comment.id)
        record(
            "comment",
            comment.id,
            zone=post.zone,
            actor=user,
            title=post.title,
            url=comment.url(),
            summary=summary_of(html),
        )
        told = _notify(user, comment, "mention", mentioned)
        if parent is not None and parent.author_id not in told:
            told |= _notify(user, comment, "reply", [parent.author])
        if post.author_id not in told:
            _notify(user, comment, "comment", [post.author])
        post_changed_after_commit(post.id)
    return comment


def _parent(post: Post, parent_id: Any) -> Comment | None:
    if parent_id is None:
        return None
    if not isinstance(parent_id, int) or isinstance(parent_id, bool):
        raise ValidationError(_l("'parent_id' must be a comment id."), field="parent_id")
    parent = db.session.get(Comment, parent_id)
    if parent is None or parent.post_id != post.id or parent.deleted_at is not None:
        raise ValidationError(_l("'parent_id' is not a comment on this post."), field="parent_id")
    return parent


def _notify(actor: User, comment: Comment, kind: str, users: list[User]) -> set[int]:
    """The ids of those notified: outsiders and the actor are skipped by notify()."""
    created = notify(
        users,
        kind=kind,
        actor=actor,
        about=comment,
        object_type="comment",
        object_id=comment.id,
        title=comment.post.title,
        url=comment.url(),
    )
    return {n.user_id for n in created}


def get_comment(user: User, comment_id: int) -> Comment:
    """A comment the user may read: deleted ones and those on unreadable posts are 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None:
        raise NotFound(_l("Not found."))
    commentable_post(user, comment.post_id)
    return comment


def edit_comment(user: User, comment_id: int, data: Mapping[str, Any]) -> Comment:
    """The author edits their comment; only @mentions the edit adds notify, so saving again tells
    nobody twice."""
    comment = get_comment(user, comment_id)
    if not may_edit_own(user, comment):
        raise Forbidden(_l("Only the author may edit this comment."))
    body = body_text(data, "body", MAX_COMMENT_CHARS)
    html, mentioned = render_body(body, comment.zone)
    known = extract_mentions(comment.body)
    with write_transaction():
        comment.body, comment.html, comment.edited_at = body, html, utcnow()
        queue("comment", comment.id)
        _notify(user, comment, "mention", [u for u in mentioned if u.username not in known])
        post_changed_after_commit(comment.post_id)
    return comment


def delete_comment(user: User, comment_id: int) -> None:
    """The author or a curator deletes a comment and its reactions."""
    comment = get_comment(user, comment_id)
    if not may_remove(user, comment):
        raise Forbidden(_l("Only the author or a curator may delete this comment."))
    with write_transaction() as session:
        session.execute(
            delete(Reaction).where(
                and_(Reaction.target_type == "comment", Reaction.target_id == comment.id)
            )
        )
        queue("comment", comment.id)
        has_replies = session.scalar(
            select(Comment.id).where(Comment.parent_id == comment.id).limit(1)
        )
        post_changed_after_commit(comment.post_id)
        if has_replies:
            comment.deleted_at, comment.body, comment.html = utcnow(), "", ""
        else:
            session.delete(comment)


def set_hidden(user: User, comment_id: int, hidden: bool) -> Comment:
    """Curators hide a comment from readers (its author and curators still see it)."""
    comment = get_comment(user, comment_id)
    require(user, MODERATE, comment)
    with write_transaction():
        comment.hidden_at = utcnow() if hidden else None
        comment.hidden_by_id = user.id if hidden else None
        audit(user, "comment.hidden" if hidden else "comment.shown", f"comment {comment.id}")
        queue("comment", comment.id)
        post_changed_after_commit(comment.post_id)
    return comment


def comments_page(user: User, post: Post, *, limit: int, cursor: str | None) -> ListPage:
    """A thread oldest first, a page at a time."""
    query = select(Comment).where(Comment.post_id == post.id)
    return keyset(query, (Comment.id,), limit=limit, cursor=cursor, descending=False)


def shows_body(comment: Comment, viewer: User) -> bool:
    """Whether this viewer sees the comment's text: never once deleted; when hidden, only those
    who may see hidden comments (its author and curators)."""
    if comment.deleted_at is not None:
        return False
    return comment.hidden_at is None or may_see_hidden(viewer, comment)


def comment_dict(comment: Comment, viewer: User) -> dict:
    """A comment as the API shows it to this viewer: the body of a hidden or deleted comment is
    null, so the thread keeps its shape without leaking the text."""
    show = shows_body(comment, viewer)
    deleted = comment.deleted_at is not None
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "author": None if deleted else comment.author.username,
        "author_display_name": None if deleted else comment.author.display_name,
        "body": comment.body if show else None,
        "html": comment.html if show else None,
        "created_at": isoformat(comment.created_at),
        "edited": comment.edited_at is not None,
        "edited_at": isoformat(comment.edited_at),
        "hidden": comment.hidden_at is not None,
        "deleted": deleted,
        "url": comment.url(),
    }


@dataclass
class Thread:
    """A comment with its replies, built once so the template renders the tree without queries."""

    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def threads(comments: list[Comment]) -> list[Thread]:
    """Top-level comments with their replies nested, in the order given."""
    nodes = {c.id: Thread(c) for c in comments}
    roots: list[Thread] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.replies if parent else roots).append(nodes[comment.id])
    return roots
