"""Keeping the wiki's page tree (`Node` rows) in step with the pages, so navigation never has to
walk a whole zone: the writer pays a few indexed lookups per changed path instead."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from innovationzone.wiki.models import Node, Page


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def sync(session: Session, zone_id: int, path: str) -> None:
    """Bring the nodes of `path` and its ancestors in line with the pages, after a page at `path`
    appeared, vanished, moved away or was retitled. Deepest first: a folder lives exactly as
    long as a live page or a child node does, and once a level is unchanged so is every one
    above it."""
    session.flush()
    child_added = False  # a node was just added below this level: this level is wanted
    while path:
        title = session.scalar(
            select(Page.title).where(
                Page.zone_id == zone_id, Page.path == path, Page.deleted_at.is_(None)
            )
        )
        node = session.scalar(select(Node).where(Node.zone_id == zone_id, Node.path == path))
        wanted = (
            title is not None
            or child_added
            or session.scalar(
                select(Node.id).where(Node.zone_id == zone_id, Node.parent_path == path).limit(1)
            )
            is not None
        )
        child_added = node is None and wanted
        if child_added:
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
