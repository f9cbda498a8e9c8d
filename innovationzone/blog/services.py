"""Posts: write, publish, edit, delete and list, with the drafts only their author sees.

Only the author edits a post (a curator's word is deletion, not rewriting someone else's
text). Mentions notify once: when a post is published, and afterwards only newly added ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, delete, func, or_, select

from innovationzone import validation
from innovationzone.accounts.models import User
from innovationzone.accounts.services import audit
from innovationzone.accounts.socket_auth import Reader
from innovationzone.blog.content import body_text, excerpt_from, mentioned_users, render_body
from innovationzone.blog.models import DRAFT, PUBLISHED, STATUSES, Comment, Post, PostTag, Reaction
from innovationzone.blog.tags import parse_tags
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import Forbidden, NotFound
from innovationzone.extensions import db
from innovationzone.feed.services import record
from innovationzone.markdown import extract_mentions
from innovationzone.notifications.models import Notification
from innovationzone.notifications.services import notify
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import decode_cursor, encode_cursor
from innovationzone.permissions import (
    EDIT,
    READ,
    WRITE,
    access_zone,
    can,
    may_edit_own,
    may_see_draft,
    readable_zone_ids_query,
    require,
)
from innovationzone.search.indexer import queue
from innovationzone.zones.models import Zone

MAX_POST_CHARS = 100_000
SORT_KEY = func.coalesce(Post.published_at, Post.created_at)


def get_post(user: User | Reader, post_id: int) -> Post:
    """A post the user may read; someone else's draft is as missing as a post that never was.
    Permissions ask a socket's Reader what they ask a User (`watch_post` reads no account row)."""
    post = require(user, READ, db.session.get(Post, post_id))
    if not may_see_draft(user, post):
        raise NotFound(_l("Not found."))
    return post


def create_post(user: User, zone_slug: str, data: Mapping[str, Any]) -> Post:
    """Writes a post in a zone the user may write in; publishing it notifies @mentions and
    records it in the home feed, all after commit."""
    zone = access_zone(user, zone_slug, WRITE)
    title = validation.text(data, "title", max_len=200)
    body = body_text(data, "body", MAX_POST_CHARS)
    tags = parse_tags(data.get("tags"))
    status = validation.choice(data, "status", STATUSES, default=DRAFT)
    excerpt = validation.text(data, "excerpt", required=False, max_len=400)
    html, mentioned = render_body(body, zone)
    with write_transaction() as session:
        post = Post(
            zone_id=zone.id,
            zone=zone,
            author_id=user.id,
            title=title,
            body=body,
            html=html,
            excerpt=excerpt or excerpt_from(html),
            status=status,
            published_at=utcnow() if status == PUBLISHED else None,
        )
        post.tag_rows = [PostTag(tag=tag) for tag in tags]
        session.add(post)
        session.flush()
        queue("post", post.id)
        if post.is_published:
            _notify_mentions(user, post, mentioned)
            _record_publication(user, post)
    return post


def editable_post(user: User, post_id: int) -> Post:
    """A post the user may edit: readable and their own (Forbidden otherwise)."""
    post = get_post(user, post_id)
    if not may_edit_own(user, post):
        raise Forbidden(_l("Only the author may edit this post."))
    return post


def update_post(user: User, post_id: int, data: Mapping[str, Any]) -> Post:
    """Changes the fields given. The post is re-read under a row lock, so a publish and an edit
    at once lose neither; a first publication notifies everyone mentioned, later edits only the
    people they newly mention."""
    post = editable_post(user, post_id)
    title = validation.text(data, "title", max_len=200) if "title" in data else post.title
    body = body_text(data, "body", MAX_POST_CHARS) if "body" in data else post.body
    tags = parse_tags(data.get("tags")) if "tags" in data else post.tags
    status = validation.choice(data, "status", STATUSES, default=post.status)
    excerpt = (
        validation.text(data, "excerpt", required=False, max_len=400) if "excerpt" in data else None
    )
    html = render_body(body, post.zone)[0] if body != post.body else post.html
    with write_transaction() as session:
        post = session.execute(
            select(Post).where(Post.id == post_id).with_for_update()
        ).scalar_one()
        was_published, old_body = post.is_published, post.body
        if was_published and (title != post.title or body != post.body):
            post.edited_at = utcnow()
        post.title, post.body, post.html, post.status = title, body, html, status
        if excerpt is not None or body != old_body:
            post.excerpt = excerpt or excerpt_from(html)
        if tags != post.tags:  # keep rows that stay: delete-then-insert of one tag would collide
            kept = [row for row in post.tag_rows if row.tag in tags]
            post.tag_rows = kept + [
                PostTag(tag=tag) for tag in tags if tag not in {r.tag for r in kept}
            ]
        if post.is_published and post.published_at is None:
            post.published_at = utcnow()
            _record_publication(user, post)
        _queue_with_comments(post.id)  # a post going back to draft takes its comments out of search
        if post.is_published:  # on first publication everyone mentioned; later only newcomers
            known = extract_mentions(old_body) if was_published else set()
            _notify_mentions(
                user, post, [u for u in mentioned_users(body) if u.username not in known]
            )
    return post


def may_remove(user: User, item: Post | Comment) -> bool:
    """Authors remove their own words while they may write in the zone; curators anyone's."""
    return can(user, EDIT, item)


def delete_post(user: User, post_id: int) -> None:
    """The author or a curator deletes a post with its comments and their reactions in one
    transaction."""
    post = get_post(user, post_id)
    if not may_remove(user, post):
        raise Forbidden(_l("Only the author or a curator may delete this post."))
    with write_transaction() as session:
        comment_ids = select(Comment.id).where(Comment.post_id == post.id)
        session.execute(
            delete(Reaction).where(
                or_(
                    and_(Reaction.target_type == "post", Reaction.target_id == post.id),
                    and_(Reaction.target_type == "comment", Reaction.target_id.in_(comment_ids)),
                )
            )
        )
        session.execute(
            delete(Notification).where(
                or_(
                    and_(Notification.object_type == "post", Notification.object_id == post.id),
                    and_(
                        Notification.object_type == "comment",
                        Notification.object_id.in_(comment_ids),
                    ),
                )
            )
        )
        _queue_with_comments(post.id)
        if post.author_id != user.id:  # a curator removing someone's post is accountable for it
            audit(user, "post.deleted", f"{post.zone.slug}: {post.title}")
        session.delete(post)


def _queue_with_comments(post_id: int) -> None:
    queue("post", post_id)
    for comment_id in db.session.scalars(select(Comment.id).where(Comment.post_id == post_id)):
        queue("comment", comment_id)


def _record_publication(actor: User, post: Post) -> None:
    """A post reaches the feed once, when first published (not on every later edit)."""
    record(
        "post",
        post.id,
        zone=post.zone,
        actor=actor,
        title=post.title,
        url=post.url(),
        summary=post.excerpt,
    )


def _notify_mentions(actor: User, post: Post, users: list[User]) -> None:
    notify(
        users,
        kind="mention",
        actor=actor,
        about=post,
        object_type="post",
        object_id=post.id,
        title=post.title,
        url=post.url(),
    )


def visible_posts(viewer: User | None, zone_ids: Select[int] | None = None) -> Select[Post]:
    """A query of posts in readable zones: published ones, and the viewer's own drafts."""
    zone_ids = readable_zone_ids_query(viewer) if zone_ids is None else zone_ids
    query = select(Post).where(Post.zone_id.in_(zone_ids))
    if viewer is None:
        return query.where(Post.status == PUBLISHED)
    return query.where(or_(Post.status == PUBLISHED, Post.author_id == viewer.id))


def page_of(query: Select[Post], *, before: int | None = None, limit: int = 20) -> list[Post]:
    """Newest first by publication; `before` is the id of the last post already shown."""
    if before is not None:
        anchor = db.session.get(Post, before)
        if anchor is not None:
            key = anchor.published_at or anchor.created_at
            query = query.where(or_(SORT_KEY < key, and_(SORT_KEY == key, Post.id < anchor.id)))
    return list(db.session.scalars(query.order_by(SORT_KEY.desc(), Post.id.desc()).limit(limit)))


def zone_posts(
    user: User,
    zone_slug: str,
    *,
    tag: str | None = None,
    before: int | None = None,
    limit: int = 20,
) -> tuple[Zone, list[Post]]:
    """The zone's visible posts, optionally of one tag, newest first, for the zone's blog page."""
    zone = access_zone(user, zone_slug)
    query = visible_posts(user).where(Post.zone_id == zone.id)
    if tag:
        query = query.where(Post.tag_rows.any(PostTag.tag == tag))
    return zone, page_of(query, before=before, limit=limit)


def posts_page(
    user: User,
    zone_slug: str,
    *,
    limit: int,
    cursor: str | None,
    before: int | None = None,
    tag: str | None = None,
) -> ListPage:
    """A zone's posts (optionally of one tag) newest first, for the API and the blog page: the
    cursor names the last post shown (the older `before` id still works), one extra row tells
    whether there is a next page."""
    if cursor:
        before = _cursor_post(cursor)
    _zone, posts = zone_posts(user, zone_slug, tag=tag, before=before, limit=limit + 1)
    return _paged(posts, limit)


def author_posts(
    viewer: User | None,
    author: User,
    *,
    before: int | None = None,
    limit: int = 20,
    zone_ids: Select[int] | None = None,
) -> list[Post]:
    """One author's posts visible to the viewer, optionally limited to some zones (a feed's
    readable zones)."""
    query = visible_posts(viewer, zone_ids).where(Post.author_id == author.id)
    return page_of(query, before=before, limit=limit)


def author_posts_page(viewer: User, author: User, *, limit: int, cursor: str | None) -> ListPage:
    """One author's posts visible to the viewer, a page at a time (their person page)."""
    before = _cursor_post(cursor) if cursor else None
    return _paged(author_posts(viewer, author, before=before, limit=limit + 1), limit)


def _cursor_post(cursor: str) -> int:
    (post_id,) = decode_cursor(cursor, (Post.id,))
    return post_id


def _paged(posts: list[Post], limit: int) -> ListPage:
    """`limit` of the posts fetched (one more than asked) and the cursor after the last shown."""
    more, posts = len(posts) > limit, posts[:limit]
    return ListPage(items=posts, next=encode_cursor((posts[-1].id,)) if more else None)


def comment_counts(post_ids: list[int]) -> dict[int, int]:
    """Visible comments per post: hidden and deleted ones are not counted."""
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Comment.post_id, func.count())
        .where(
            Comment.post_id.in_(post_ids), Comment.hidden_at.is_(None), Comment.deleted_at.is_(None)
        )
        .group_by(Comment.post_id)
    )
    return {post_id: count for post_id, count in rows}
