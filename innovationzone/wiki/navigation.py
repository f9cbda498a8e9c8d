"""The wiki's page tree as rows (`Node`): kept in step on every write, read one branch at a time.

Why rows and not a walk over all pages: a page view must cost the same in a zone of 10 pages and
of 20,000. The writer pays a few indexed lookups per changed path; a reader asks for the children
of at most the page's ancestors (paths have at most ten parts) in one query, each list bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.pagination import Page as ListPage
from innovationzone.pagination import keyset
from innovationzone.permissions import READ, access_zone
from innovationzone.wiki.models import Node, Page

# How many children of one folder the navigation shows before "more…".
SHOWN = 25


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def sync(session: Session, zone_id: int, path: str) -> None:
    """Bring the nodes of `path` and its ancestors in line with the pages, after a page at `path`
    appeared, vanished, moved away or was retitled. Deepest first: a folder lives exactly as
    long as a live page or a child node does, and once a level is unchanged so is every one
    above it."""
    session.flush()
    while path:
        title = session.scalar(
            select(Page.title).where(
                Page.zone_id == zone_id, Page.path == path, Page.deleted_at.is_(None)
            )
        )
        node = session.scalar(select(Node).where(Node.zone_id == zone_id, Node.path == path))
        wanted = title is not None or (
            session.scalar(
                select(Node.id).where(Node.zone_id == zone_id, Node.parent_path == path).limit(1)
            )
            is not None
        )
        if node is None and wanted:
            session.add(Node(zone_id=zone_id, path=path, parent_path=_parent(path), title=title))
        elif node is not None and not wanted:
            session.delete(node)
        elif node is not None and node.title != title:
            node.title = title
            return  # a retitle changes nothing above
        else:
            return
        session.flush()
        path = _parent(path)


def rebuild(session: Session, zone_id: int) -> None:
    """All nodes of a zone from its pages: for bulk loads that bypass the services."""
    session.execute(delete(Node).where(Node.zone_id == zone_id))
    rows: dict[str, str | None] = {}
    live = select(Page.path, Page.title).where(Page.zone_id == zone_id, Page.deleted_at.is_(None))
    for path, title in session.execute(live):
        rows[path] = title
        parts = path.split("/")
        for depth in range(1, len(parts)):
            rows.setdefault("/".join(parts[:depth]), None)
    if rows:
        session.execute(
            insert(Node),
            [
                {"zone_id": zone_id, "path": p, "parent_path": _parent(p), "title": t}
                for p, t in rows.items()
            ],
        )


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
