"""Blog entries in the home feed stay only while readers can open them: a post back in draft,
deleted, or a hidden or deleted comment drops out."""

from __future__ import annotations

from sqlalchemy import exists

from innovationzone.blog.models import PUBLISHED, Comment, Post
from innovationzone.feed import sources
from innovationzone.feed.models import FeedEntry


def register() -> None:
    """Tells the home feed when a blog entry still shows: a post while published, a comment while
    visible on a published post."""
    sources.register(
        "post",
        lambda: exists().where(Post.id == FeedEntry.object_id, Post.status == PUBLISHED),
    )
    sources.register(
        "comment",
        lambda: exists().where(
            Comment.id == FeedEntry.object_id,
            Comment.hidden_at.is_(None),
            Comment.deleted_at.is_(None),
            Post.id == Comment.post_id,
            Post.status == PUBLISHED,
        ),
    )
