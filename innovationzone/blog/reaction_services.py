"""Reactions: a small fixed set of emoji on posts and comments, one of each per person.

Names, not emoji, travel in URLs and JSON keys; the set is fixed so the UI stays calm and
nobody can store arbitrary text through it.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from innovationzone.accounts.models import User
from innovationzone.blog.comment_services import get_comment
from innovationzone.blog.models import Comment, Post, Reaction
from innovationzone.blog.services import get_post
from innovationzone.db import write_transaction
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.pagination import keyset
from innovationzone.permissions import WRITE, require
from innovationzone.realtime import post_changed_after_commit

EMOJI = {
    "thumbs_up": "👍",
    "heart": "❤️",
    "tada": "🎉",
    "bulb": "💡",
    "laugh": "😄",
    "thinking": "🤔",
}
TARGETS = ("post", "comment")
SHOWN = 10  # people named per reaction on a post page and in post/comment dicts; the rest count


def _target(user: User, target_type: str, target_id: int) -> Post | Comment:
    if target_type == "post":
        return get_post(user, target_id)
    if target_type == "comment":
        return get_comment(user, target_id)
    raise NotFound(_l("Not found."))


def set_reaction(user: User, target_type: str, target_id: int, name: str, on: bool) -> list[dict]:
    """Adds (on) or removes a reaction; both are idempotent. Answers the new summary."""
    target = _target(user, target_type, target_id)
    require(user, WRITE, target)
    if name not in EMOJI:
        raise NotFound(
            _l(
                "No reaction '%(name)s'; use one of: %(options)s.",
                name=name,
                options=", ".join(EMOJI),
            )
        )
    with write_transaction() as session:
        existing = session.scalar(
            select(Reaction).where(
                Reaction.target_type == target_type,
                Reaction.target_id == target_id,
                Reaction.user_id == user.id,
                Reaction.name == name,
            )
        )
        if on and existing is None:
            session.add(
                Reaction(target_type=target_type, target_id=target_id, user_id=user.id, name=name)
            )
        elif not on and existing is not None:
            session.delete(existing)
        post_changed_after_commit(target.id if isinstance(target, Post) else target.post_id)
    return summaries(user, target_type, [target_id])[target_id]


def reactions_page(
    user: User, target_type: str, target_id: int, *, limit: int, cursor: str | None
) -> tuple[list[dict], str | None]:
    """Who reacted on one post or comment the user may read, `limit` people at a time in the order
    they reacted, and the cursor of the next page. Each page keeps the summary's shape: every
    reaction used, with its whole count and whether the user is among it, and the people of this
    page in `users` / `display_names`, so a popular post costs a page, not all its reactors."""
    _target(user, target_type, target_id)
    entries = _totals(user, target_type, [target_id])[target_id]
    page = keyset(
        select(Reaction)
        .options(joinedload(Reaction.user))
        .where(Reaction.target_type == target_type, Reaction.target_id == target_id),
        (Reaction.id,),
        limit=limit,
        cursor=cursor,
        descending=False,
    )
    for reaction in page.items:
        # A reaction added between the two reads is listed now and counted from the next request.
        entry = entries.setdefault(reaction.name, _entry(reaction.name))
        entry["users"].append(reaction.user.username)
        entry["display_names"].append(reaction.user.display_name)
    return _in_emoji_order(entries.values()), page.next


def _entry(name: str, count: int = 0, mine: bool = False) -> dict:
    return {
        "name": name,
        "emoji": EMOJI.get(name, name),
        "count": count,
        "users": [],
        "display_names": [],
        "mine": mine,
    }


def _in_emoji_order(entries: Iterable[dict]) -> list[dict]:
    order = list(EMOJI)
    return sorted(
        entries,
        key=lambda entry: order.index(entry["name"]) if entry["name"] in EMOJI else len(order),
    )


def summaries(viewer: User, target_type: str, target_ids: list[int]) -> dict[int, list[dict]]:
    """Per target: each emoji used, how often, whether the viewer is among them, and the first
    SHOWN people who used it (the rest are a count, and the who-reacted list pages them all), so a
    post page costs the same with ten reactions or ten thousand."""
    if not target_ids:
        return {}
    grouped = _totals(viewer, target_type, target_ids)
    rank = (
        sa.func.row_number()
        .over(partition_by=(Reaction.target_id, Reaction.name), order_by=Reaction.id)
        .label("rank")
    )
    ranked = (
        select(Reaction.id, Reaction.target_id, Reaction.name, Reaction.user_id, rank)
        .where(Reaction.target_type == target_type, Reaction.target_id.in_(target_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.target_id, ranked.c.name, User.username, User.display_name)
        .join(User, User.id == ranked.c.user_id)
        .where(ranked.c.rank <= SHOWN)
        .order_by(ranked.c.id)
    )
    for target_id, name, username, display_name in rows:
        entry = grouped[target_id].setdefault(name, _entry(name))
        entry["users"].append(username)
        entry["display_names"].append(display_name)
    return {target_id: _in_emoji_order(found.values()) for target_id, found in grouped.items()}


def _totals(viewer: User, target_type: str, target_ids: list[int]) -> dict[int, dict[str, dict]]:
    """Per target and reaction: the whole count and whether the viewer is among it, counted by
    the database (at most six rows a target), with no people filled in yet."""
    rows = db.session.execute(
        select(
            Reaction.target_id,
            Reaction.name,
            sa.func.count(Reaction.id),
            sa.func.max(sa.case((Reaction.user_id == viewer.id, 1), else_=0)),
        )
        .where(Reaction.target_type == target_type, Reaction.target_id.in_(target_ids))
        .group_by(Reaction.target_id, Reaction.name)
    )
    grouped: dict[int, dict[str, dict]] = {target_id: {} for target_id in target_ids}
    for target_id, name, count, mine in rows:
        grouped[target_id][name] = _entry(name, count, bool(mine))
    return grouped
