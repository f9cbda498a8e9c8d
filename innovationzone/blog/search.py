"""Published posts and visible comments as search documents; drafts and hidden words never are."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..search.documents import SearchDocument, Source, register_source
from .models import PUBLISHED, Comment, Post


def _post_document(post: Post) -> SearchDocument | None:
    if post is None or not post.is_published:
        return None
    return SearchDocument(type="post", id=post.id, title=post.title,
                          body=" ".join([post.body, " ".join(post.tags)]), url=post.url(),
                          zone_id=post.zone_id, updated_at=post.updated_at)


def _comment_document(comment: Comment) -> SearchDocument | None:
    if comment is None or not comment.visible or not comment.post.is_published:
        return None
    return SearchDocument(type="comment", id=comment.id, title=comment.post.title, body=comment.body,
                          url=comment.url(), zone_id=comment.post.zone_id,
                          updated_at=comment.edited_at or comment.created_at)


def _published_comments():
    return (select(Comment).join(Post).where(Post.status == PUBLISHED, Comment.hidden_at.is_(None),
                                             Comment.deleted_at.is_(None)))


def register() -> None:
    register_source(Source(
        type="post",
        load_one=lambda post_id: _post_document(db.session.get(Post, post_id)),
        load_all=lambda: (_post_document(p) for p in db.session.scalars(select(Post).where(Post.status == PUBLISHED))),
        count_all=lambda: db.session.scalar(select(func.count()).select_from(Post).where(Post.status == PUBLISHED)),
        load_object=lambda post_id: db.session.get(Post, post_id),
    ))
    register_source(Source(
        type="comment",
        load_one=lambda comment_id: _comment_document(db.session.get(Comment, comment_id)),
        load_all=lambda: (_comment_document(c) for c in db.session.scalars(_published_comments())),
        count_all=lambda: db.session.scalar(select(func.count()).select_from(_published_comments().subquery())),
        load_object=lambda comment_id: db.session.get(Comment, comment_id),
    ))
