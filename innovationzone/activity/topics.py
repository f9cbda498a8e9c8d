"""Which departments contribute to which topics: the same contributions as the department chart
(wiki edits, posts, comments, chat messages), counted where they touch a topic's items.

A contribution counts for a topic when it is made on a page, post or room gathered in it, in a
zone the viewer may read; so a topic never reveals private work to an outsider. One grouped
query per kind, joined through topic_items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from innovationzone.accounts.models import User
from innovationzone.activity.services import sources
from innovationzone.blog.models import Post
from innovationzone.chat.models import Room
from innovationzone.extensions import db
from innovationzone.permissions import readable_zone_ids_query
from innovationzone.topics.models import Topic, TopicItem
from innovationzone.wiki.models import Page

# kind -> (the item type in a topic, the column its object id matches)
ITEM_KEYS = {
    "page_revisions": ("page", Page.id),
    "posts": ("post", Post.id),
    "comments": ("post", Post.id),
    "messages": ("room", Room.id),
}


@dataclass
class Matrix:
    """Contributions around each topic per department: who works on what, for the heatmap."""

    topics: list[Topic]
    departments: list[str | None]  # busiest first
    counts: dict[tuple[int, str | None], int]

    def count(self, topic: Topic, department: str | None) -> int:
        """Zero for a topic and department that never met, so the template needs no lookups that
        can fail."""
        return self.counts.get((topic.id, department), 0)

    @property
    def busiest(self) -> int:
        """The largest cell, which scales the heatmap's colour levels."""
        return max(self.counts.values(), default=0)


def topic_matrix(user: User, since: datetime | None) -> Matrix:
    """Contributions per (live topic, department) since `since` (None: all time)."""
    readable = readable_zone_ids_query(user)
    department = func.coalesce(User.department, "")
    counts: dict[tuple[int, str | None], int] = defaultdict(int)
    for kind, (query, zone_column, when, author) in sources().items():
        item_type, key = ITEM_KEYS[kind]
        query = (
            query.add_columns(TopicItem.topic_id, department, func.count())
            .join(TopicItem, and_(TopicItem.item_type == item_type, TopicItem.object_id == key))
            .outerjoin(User, User.id == author)
            .where(zone_column.in_(readable))
            .group_by(TopicItem.topic_id, department)
        )
        if since is not None:
            query = query.where(when >= since)
        for topic_id, dept, count in db.session.execute(query).all():
            counts[(topic_id, dept or None)] += count
    touched = {topic_id for topic_id, _dept in counts}
    live = select(Topic).where(Topic.archived_at.is_(None), Topic.id.in_(touched))
    topics = list(db.session.scalars(live.order_by(Topic.title)))
    shown = {(t, d): n for (t, d), n in counts.items() if t in {topic.id for topic in topics}}
    per_department: dict[str | None, int] = defaultdict(int)
    for (_topic, dept), count in shown.items():
        per_department[dept] += count
    departments = sorted(per_department, key=lambda d: (-per_department[d], d is None, d or ""))
    return Matrix(topics, departments, shown)
