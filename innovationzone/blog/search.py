"""Published posts and visible comments as search documents; drafts and hidden words never are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innovationzone.blog.models import PUBLISHED, Comment, Post
from innovationzone.search.documents import SearchDocument, register_model_source


def _post_document(post: Post) -> SearchDocument | None:
    if post is None or not post.is_published:
        return None
    return SearchDocument(
        type="post",
        id=post.id,
        title=post.title,
        body=" ".join([post.body, " ".join(post.tags)]),
        url=post.url(),
        zone_id=post.zone_id,
        updated_at=post.updated_at,
        author_ids=(post.author_id,),
        tags=tuple(post.tags),
    )


def _comment_document(comment: Comment) -> SearchDocument | None:
    if comment is None or not comment.visible or not comment.post.is_published:
        return None
    return SearchDocument(
        type="comment",
        id=comment.id,
        title=comment.post.title,
        title_is_context=True,
        body=comment.body,
        url=comment.url(),
        zone_id=comment.post.zone_id,
        updated_at=comment.edited_at or comment.created_at,
        author_ids=(comment.author_id,),
    )


def register() -> None:
    """Registers posts and comments with search; only published posts and visible comments are
    indexed."""
    register_model_source(
        "post",
        Post,
        select(Post).where(Post.status == PUBLISHED),
        _post_document,
        eager=(selectinload(Post.zone), selectinload(Post.tag_rows)),
    )
    register_model_source(
        "comment",
        Comment,
        select(Comment)
        .join(Post)
        .where(Post.status == PUBLISHED, Comment.hidden_at.is_(None), Comment.deleted_at.is_(None)),
        _comment_document,
        eager=(selectinload(Comment.post).selectinload(Post.zone),),
    )
