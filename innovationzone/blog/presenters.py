"""Posts as the API and the pages show them: with reactions and, in lists, comment counts."""

from __future__ import annotations

from innovationzone.accounts.models import User
from innovationzone.blog import reaction_services
from innovationzone.blog.models import Post
from innovationzone.blog.services import comment_counts


def post_dict(
    post: Post, viewer: User, *, with_body: bool = True, comment_count: int | None = None
) -> dict:
    """A post with its comment count and reaction summary as the API shows it; a list passes the
    counts it fetched in bulk so each post needs no query."""
    count = (
        comment_count if comment_count is not None else comment_counts([post.id]).get(post.id, 0)
    )
    return {
        **post.to_dict(with_body=with_body),
        "comment_count": count,
        "reactions": reaction_services.summaries(viewer, "post", [post.id])[post.id],
    }
