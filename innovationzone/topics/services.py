"""Topics and their items. Every item shown is re-checked against the caller's read permission,
so a topic never reveals (or counts) a private zone's content to an outsider."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from innovationzone import validation
from innovationzone.accounts.models import User
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import Conflict, Forbidden, NotFound, ValidationError
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import MANAGE, READ, can
from innovationzone.permissions import may_curate_topics as may_curate
from innovationzone.topics import source_queries
from innovationzone.topics.models import ITEM_TYPES, Topic, TopicCoOwner, TopicFollow, TopicItem

FEATURED = 10  # pinned items of followed topics on the home page


@dataclass(frozen=True)
class ShownItem:
    """An item of a topic as a reader sees it: already checked readable, with its current title
    and link."""

    type: str
    id: int
    title: str
    url: str
    pinned: bool

    def to_dict(self) -> dict:
        """The item as the topic API shows it."""
        return {
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "pinned": self.pinned,
        }


def topics_page(*, archived_too: bool = False, limit: int, cursor: str | None) -> ListPage:
    """Topics by title, a page at a time."""
    query = select(Topic)
    if not archived_too:
        query = query.where(Topic.archived_at.is_(None))
    return keyset(query, (Topic.title, Topic.id), limit=limit, cursor=cursor, descending=False)


def get_topic(slug: str) -> Topic:
    """The topic by slug; every signed-in person may read topics, so only missing is 404."""
    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFound(_l("No such topic."))
    return topic


def _require_curator(user: Any) -> None:
    if not may_curate(user):
        raise Forbidden(_l("Only zone curators and admins curate topics."))


def _owner(data: Mapping[str, Any]) -> User:
    name = validation.text(data, "owner", max_len=32).lower()
    owner = db.session.scalar(select(User).where(User.username == name, User.active.is_(True)))
    if owner is None:
        raise ValidationError(
            _l("No user '%(name)s': a topic needs an existing owner.", name=name), field="owner"
        )
    return owner


def _co_owners(data: Mapping[str, Any]) -> list[User]:
    names = data.get("co_owners")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValidationError(_l("'co_owners' must be a list of usernames."), field="co_owners")
    if len(names) > 20:
        raise ValidationError(_l("A topic has at most 20 co-owners."), field="co_owners")
    wanted = list(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
    found = {
        u.username: u
        for u in db.session.scalars(
            select(User).where(User.username.in_(wanted), User.active.is_(True))
        )
    }
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationError(_l("No user '%(name)s'.", name=missing[0]), field="co_owners")
    return [found[n] for n in wanted]


def create_topic(user: Any, data: Mapping[str, Any]) -> Topic:
    """Curators create topics; the owner must be an active person and the short name unique
    (409)."""
    _require_curator(user)
    slug = validation.slug(validation.text(data, "slug", max_len=50))
    title = validation.text(data, "title", max_len=120)
    description = validation.text(data, "description", required=False, max_len=2000)
    owner = _owner(data)
    try:
        with write_transaction() as session:
            if session.scalar(select(Topic.id).where(Topic.slug == slug)):
                raise Conflict(
                    _l("A topic '%(slug)s' exists already.", slug=slug), code="duplicate"
                )
            topic = Topic(
                slug=slug,
                title=title,
                description=description,
                owner_id=owner.id,
                created_by_id=user.id,
            )
            session.add(topic)
    except IntegrityError:  # a concurrent create won the race for the slug
        raise Conflict(
            _l("A topic '%(slug)s' exists already.", slug=slug), code="duplicate"
        ) from None
    return topic


def _require_manager(user: Any, topic: Topic) -> None:
    if not can(user, MANAGE, topic):
        raise Forbidden(_l("Only the topic's owner, co-owners, curators and admins may change it."))


def update_topic(user: Any, slug: str, data: Mapping[str, Any]) -> Topic:
    """Edit what the PATCH names; the owner may change but never vanish (an empty owner is a 400)."""
    topic = get_topic(slug)
    _require_manager(user, topic)
    changes: dict[str, Any] = {}
    if "title" in data:
        changes["title"] = validation.text(data, "title", max_len=120)
    if "description" in data:
        changes["description"] = validation.text(data, "description", required=False, max_len=2000)
    if "owner" in data:
        changes["owner_id"] = _owner(data).id
    co_owners = _co_owners(data) if "co_owners" in data else None
    archived = validation.flag(data, "archived") if "archived" in data else None
    with write_transaction() as session:
        for name, value in changes.items():
            setattr(topic, name, value)
        if archived is not None and archived != topic.archived:
            topic.archived_at = utcnow() if archived else None
        if co_owners is not None:
            topic.co_owners.clear()
            session.flush()  # the old rows go before the new ones meet the unique constraint
            topic.co_owners.extend(
                TopicCoOwner(user_id=u.id) for u in co_owners if u.id != topic.owner_id
            )
    return topic


def delete_topic(user: Any, slug: str) -> None:
    """Deletes the topic and its list of items; the pages, posts and rooms themselves stay."""
    topic = get_topic(slug)
    _require_manager(user, topic)
    with write_transaction() as session:
        session.delete(topic)


def is_following(user: Any, topic: Topic) -> bool:
    """Whether the user follows the topic, for the follow button and the API."""
    return (
        db.session.scalar(
            select(TopicFollow.id).where(
                TopicFollow.topic_id == topic.id, TopicFollow.user_id == user.id
            )
        )
        is not None
    )


def follow(user: Any, slug: str, following: bool) -> None:
    """Idempotent: following twice is one follow, unfollowing what you never followed is fine."""
    topic = get_topic(slug)
    if not can(user, READ, topic):
        raise NotFound(_l("No such topic."))
    try:
        with write_transaction() as session:
            row = session.scalar(
                select(TopicFollow).where(
                    TopicFollow.topic_id == topic.id, TopicFollow.user_id == user.id
                )
            )
            if following and row is None:
                session.add(TopicFollow(topic_id=topic.id, user_id=user.id))
            elif not following and row is not None:
                session.delete(row)
    except IntegrityError:  # a concurrent follow of the same topic by the same person
        pass


def items_page(user: Any, topic: Topic, *, limit: int, cursor: str | None) -> ListPage:
    """A topic's items `user` may read, pinned first, then newest first, `limit` rows of the
    topic at a time: a row the user may not read is left out, so a page may show fewer, and
    `next` is there while rows remain."""
    query = select(TopicItem).where(TopicItem.topic_id == topic.id)
    rows = keyset(query, (TopicItem.pinned, TopicItem.id), limit=limit, cursor=cursor)
    return ListPage(items=_shown(user, rows.items), next=rows.next)


def _shown(user: Any, rows: list[TopicItem]) -> list[ShownItem]:
    """The rows' content as shown, in the rows' order, leaving out what `user` may not read."""
    return [shown for _row, shown in _shown_rows(user, rows)]


def _shown_rows(user: Any, rows: list[TopicItem]) -> list[tuple[TopicItem, ShownItem]]:
    """Each row `user` may read with its content as shown, in the rows' order; one query per
    kind of content."""
    loaded = {
        kind: source_queries.load(kind, [r.object_id for r in rows if r.item_type == kind])
        for kind in ITEM_TYPES
    }
    shown = []
    for row in rows:
        obj = loaded[row.item_type].get(row.object_id)
        if obj is not None and can(user, READ, obj):
            title, url = source_queries.describe(row.item_type, obj)
            shown.append((row, ShownItem(row.item_type, row.object_id, title, url, row.pinned)))
    return shown


def featured_for(user: Any) -> list[tuple[Topic, ShownItem]]:
    """For the home page: pinned items of the live topics the user follows, by topic title and
    newest first, the first FEATURED pinned rows as far as readable (a reader may follow many
    topics, and a topic pin many items: their topic pages list the rest)."""
    rows = db.session.execute(
        select(TopicItem, Topic)
        .join(Topic, Topic.id == TopicItem.topic_id)
        .join(TopicFollow, TopicFollow.topic_id == Topic.id)
        .where(
            TopicFollow.user_id == user.id,
            Topic.archived_at.is_(None),
            TopicItem.pinned.is_(True),
        )
        .order_by(Topic.title, Topic.id, TopicItem.id.desc())
        .limit(FEATURED)
    ).all()
    topics = {topic.id: topic for _item, topic in rows}
    shown = _shown_rows(user, [item for item, _topic in rows])
    return [(topics[row.topic_id], item) for row, item in shown]


def _item_ref(data: Mapping[str, Any]) -> tuple[str, int]:
    item_type = validation.choice(data, "type", ITEM_TYPES)
    object_id = data.get("id")
    if isinstance(object_id, str) and object_id.isdigit():
        object_id = int(object_id)
    if not isinstance(object_id, int) or isinstance(object_id, bool) or object_id < 1:
        raise ValidationError(_l("'id' must be a positive whole number."), field="id")
    return item_type, object_id


def add_item(user: Any, slug: str, data: Mapping[str, Any]) -> ShownItem:
    """A curator adds content they may read; an item they may not read is 404, so its existence
    does not leak."""
    _require_curator(user)
    topic = get_topic(slug)
    item_type, object_id = _item_ref(data)
    pinned = validation.flag(data, "pinned")
    obj = source_queries.load(item_type, [object_id]).get(object_id)
    if obj is None or not can(user, READ, obj):
        raise NotFound(
            _l(
                "No %(item_type)s %(object_id)s that you may read.",
                item_type=item_type,
                object_id=object_id,
            )
        )
    try:
        with write_transaction() as session:
            if _find_item(topic, item_type, object_id) is not None:
                raise Conflict(_l("That is in this topic already."), code="duplicate")
            session.add(
                TopicItem(
                    topic_id=topic.id,
                    item_type=item_type,
                    object_id=object_id,
                    pinned=pinned,
                    added_by_id=user.id,
                )
            )
    except IntegrityError:
        raise Conflict(_l("That is in this topic already."), code="duplicate") from None
    title, url = source_queries.describe(item_type, obj)
    return ShownItem(item_type, object_id, title, url, pinned)


def _find_item(topic: Topic, item_type: str, object_id: int) -> TopicItem | None:
    return db.session.scalar(
        select(TopicItem).where(
            TopicItem.topic_id == topic.id,
            TopicItem.item_type == item_type,
            TopicItem.object_id == object_id,
        )
    )


def _existing_item(user: Any, slug: str, item_type: str, object_id: int) -> TopicItem:
    _require_curator(user)
    item = _find_item(get_topic(slug), item_type, object_id)
    if item is None:
        raise NotFound(_l("That is not in this topic."))
    return item


def set_pinned(
    user: Any, slug: str, item_type: str, object_id: int, data: Mapping[str, Any]
) -> bool:
    """A curator pins or unpins an item already in the topic; `pinned` is required, so a PATCH
    cannot silently unpin. Answers the new state."""
    if "pinned" not in data:
        raise ValidationError(_l("'pinned' is required."), field="pinned")
    pinned = validation.flag(data, "pinned")
    item = _existing_item(user, slug, item_type, object_id)
    with write_transaction():
        item.pinned = pinned
    return pinned


def remove_item(user: Any, slug: str, item_type: str, object_id: int) -> None:
    """A curator takes an item out of the topic; the content itself stays."""
    item = _existing_item(user, slug, item_type, object_id)
    with write_transaction() as session:
        session.delete(item)
