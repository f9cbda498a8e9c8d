"""Reading the wiki's page tree (`Node` rows, kept by tree_services) one branch at a time.

Why rows and not a walk over all pages: a page view must cost the same in a zone of 10 pages and
of 20,000. A reader asks for the children of at most the page's ancestors (paths have at most ten
parts) in one query, each list bounded, and for one folder's children a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import READ, access_zone
from innovationzone.wiki.models import Node

# How many children of one folder the navigation shows before "more…".
SHOWN = 25


@dataclass
class Branch:
    """One folder's children as the navigation shows them: the first SHOWN, plus the one on the
    way to the current page if it comes later, and whether there are more."""

    node: Node | None
    children: list[Node] = field(default_factory=list)
    more: bool = False
    open_child: Branch | None = None


def branch(zone_id: int, path: str) -> Branch:
    """The navigation around `path` (a page, a folder, a missing page or "" for the zone): the
    zone's top level, each ancestor's children, and the page's own children. Two queries."""
    parts = path.split("/") if path else []
    levels = [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]
    numbered = (
        select(
            Node.id,
            func.row_number()
            .over(partition_by=Node.parent_path, order_by=Node.path)
            .label("position"),
        )
        .where(Node.zone_id == zone_id, Node.parent_path.in_(levels))
        .subquery()
    )
    shown = list(
        db.session.scalars(
            select(Node)
            .join(numbered, numbered.c.id == Node.id)
            .where(numbered.c.position <= SHOWN + 1)
            .order_by(Node.path)
        )
    )
    on_path = {
        node.path: node
        for node in db.session.scalars(
            select(Node).where(Node.zone_id == zone_id, Node.path.in_(levels[1:]))
        )
    }
    by_parent: dict[str, list[Node]] = {}
    for node in shown:
        by_parent.setdefault(node.parent_path, []).append(node)

    root = Branch(node=None)
    current = root
    for depth, level in enumerate(levels):
        children = by_parent.get(level, [])
        current.more = len(children) > SHOWN
        current.children = children[:SHOWN]
        following = levels[depth + 1] if depth + 1 < len(levels) else None
        if following is None or following not in on_path:
            break
        if all(child.path != following for child in current.children):
            current.children.append(on_path[following])
        current.open_child = Branch(node=on_path[following])
        current = current.open_child
    return root


def children(
    user: User, zone_slug: str, parent: str, *, limit: int, cursor: str | None
) -> ListPage:
    """One page of a folder's children in path order, for "more…" and the tree API."""
    zone = access_zone(user, zone_slug, READ)
    return keyset(
        select(Node).where(Node.zone_id == zone.id, Node.parent_path == parent),
        (Node.path,),
        limit=limit,
        cursor=cursor,
        descending=False,
    )
