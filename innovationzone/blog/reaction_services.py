"""Reactions: a small fixed set of emoji on posts and comments, one of each per person.

Names, not emoji, travel in URLs and JSON keys; the set is fixed so the UI stays calm and
nobody can store arbitrary text through it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.blog.comment_services import get_comment
from innovationzone.blog.models import Reaction
from innovationzone.blog.services import get_post
from innovationzone.db import write_transaction
from innovationzone.errors import NotFound
from innovationzone.extensions import db
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


def _target(user: User, target_type: str, target_id: int):  # noqa: ANN202 - a Post or a Comment
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
        post_changed_after_commit(target_id if target_type == "post" else target.post_id)
    return summaries(user, target_type, [target_id])[target_id]


def reactions_of(user: User, target_type: str, target_id: int) -> list[dict]:
    """The reaction summary of one post or comment, after checking the user may read it."""
    _target(user, target_type, target_id)
    return summaries(user, target_type, [target_id])[target_id]


def summaries(viewer: User, target_type: str, target_ids: list[int]) -> dict[int, list[dict]]:
    """Per target: each emoji used, how often, by whom, and whether the viewer is among them."""
    result: dict[int, list[dict]] = {target_id: [] for target_id in target_ids}
    if not target_ids:
        return result
    rows = db.session.execute(
        select(Reaction.target_id, Reaction.name, User.username, User.display_name, User.id)
        .join(User, User.id == Reaction.user_id)
        .where(Reaction.target_type == target_type, Reaction.target_id.in_(target_ids))
        .order_by(Reaction.id)
    )
    grouped: dict[tuple[int, str], dict] = {}
    for target_id, name, username, display_name, user_id in rows:
        entry = grouped.get((target_id, name))
        if entry is None:
            entry = {
                "name": name,
                "emoji": EMOJI.get(name, name),
                "count": 0,
                "users": [],
                "display_names": [],
                "mine": False,
            }
            grouped[(target_id, name)] = entry
        entry["count"] += 1
        entry["users"].append(username)
        entry["display_names"].append(display_name)
        entry["mine"] = entry["mine"] or user_id == viewer.id
    order = list(EMOJI)
    for (target_id, _name), entry in sorted(
        grouped.items(),
        key=lambda item: order.index(item[0][1]) if item[0][1] in EMOJI else len(order),
    ):
        result[target_id].append(entry)
    return result
