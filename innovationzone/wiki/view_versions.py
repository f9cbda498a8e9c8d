"""The versions cached wiki page views are keyed by, bumped by every write they show.

Why session events and not a call in each service: every write (services, bulk loads, the
importer, a restore) goes through a SQLAlchemy Session, so no present or future write path can
forget to invalidate. The bump runs inside the writing transaction, just before its commit: a
process that reads the new version also reads the data it stands for, on any process sharing the
database, and a rollback bumps nothing.

A zone's `content_version` covers its pages, revisions, attachments, redirects, navigation and
reviews, and the "What links here" lists its pages show (a page's change bumps the zones it links
to). The "global" version covers what many pages show at once: people's names, zones and who
belongs to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ScalarSelect, Table, bindparam, event, inspect, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import BindParameter

from innovationzone.wiki.models import Backlink, Page, ViewVersion
from innovationzone.zones.models import Zone

# table -> what a changed row of it invalidates: ("zone", zone id column), ("page", page id
# column), ("slug", zone slug column) or ("global", None). Named by table so that tables of
# features above the wiki (reviews) need not be imported.
SCOPES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "wiki_pages": (("zone", "zone_id"), ("page", "id")),
    "wiki_revisions": (("page", "page_id"),),
    "wiki_attachments": (("page", "page_id"),),
    "wiki_redirects": (("zone", "zone_id"),),
    "wiki_nodes": (("zone", "zone_id"),),
    "wiki_backlinks": (("page", "source_id"), ("slug", "target_zone")),
    "reviews": (("page", "page_id"),),
    "zones": (("global", None),),
    "memberships": (("global", None),),
    "users": (("global", None),),
}
# Beyond this many ids in one transaction (a bulk load) every zone is bumped instead.
MAX_IDS = 500
_CHANGES = "iz_view_changes"


def global_version() -> ScalarSelect[int]:
    """The "global" version as a scalar subquery, read inside a statement of one's own: cached
    page views and the chat history sent on join show people's names, so they are keyed by it."""
    return select(ViewVersion.value).where(ViewVersion.name == "global").scalar_subquery()


_zones = Zone.__table__
assert isinstance(_zones, Table)
_BUMP = update(_zones).values(content_version=_zones.c.content_version + 1)
# One statement built once, its id lists expanding parameters (an empty list matches nothing):
# profiled under four writers, building the statement and its cache key on every commit cost
# more than running it.
_pages: BindParameter[list[int]] = bindparam("pages", expanding=True)
_BUMP_CHANGED = _BUMP.where(
    or_(
        _zones.c.id.in_(bindparam("zones", expanding=True)),
        _zones.c.slug.in_(bindparam("slugs", expanding=True)),
        _zones.c.id.in_(select(Page.zone_id).where(Page.id.in_(_pages))),
        _zones.c.slug.in_(select(Backlink.target_zone).where(Backlink.source_id.in_(_pages))),
    )
)


class Changes:
    """What one transaction wrote, gathered flush by flush until its commit."""

    def __init__(self) -> None:
        self.zones: set[int] = set()
        self.pages: set[int] = set()
        self.slugs: set[str] = set()
        self.everything = False

    def add(self, kind: str, value: Any) -> None:
        """Note one changed row's scope value (None values, e.g. a topic's review, count for
        nothing here)."""
        if kind == "global":
            self.everything = True
        elif value is None:
            return
        elif kind == "zone":
            self.zones.add(value)
        elif kind == "page":
            self.pages.add(value)
        else:
            self.slugs.add(value)


def _changes(session: Session) -> Changes:
    return session.info.setdefault(_CHANGES, Changes())


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    changed = [*session.new, *session.deleted]
    changed += [obj for obj in session.dirty if session.is_modified(obj)]
    for obj in changed:
        scopes = SCOPES.get(inspect(obj).mapper.local_table.name)
        for kind, column in scopes or ():
            _changes(session).add(kind, getattr(obj, column) if column else None)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    scopes = SCOPES.get(getattr(table, "name", ""))
    if not scopes or table is None:
        return
    changes = _changes(state.session)
    columns = [column for _kind, column in scopes if column]
    if any(kind == "global" for kind, _column in scopes):
        changes.everything = True
    elif state.is_insert:
        params = state.parameters
        inserted: list[Mapping[str, Any]] = []
        if isinstance(params, Mapping):
            inserted.append(params)
        elif params:
            inserted.extend(params)
        for values in inserted:
            for kind, column in scopes:
                changes.add(kind, values.get(column or ""))
    elif (where := getattr(state.statement, "whereclause", None)) is None:
        changes.everything = True
    else:
        # The rows an UPDATE or DELETE is about to touch, read before it runs.
        found = state.session.execute(select(*(table.c[c] for c in columns)).where(where))
        for row in found:
            for (kind, _column), value in zip(scopes, row, strict=True):
                changes.add(kind, value)


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    changes: Changes | None = session.info.pop(_CHANGES, None)
    if changes is None:
        return
    connection = session.connection()
    if max(len(changes.zones), len(changes.pages), len(changes.slugs)) > MAX_IDS:
        connection.execute(_BUMP)
    elif changes.zones or changes.pages or changes.slugs:
        connection.execute(
            _BUMP_CHANGED,
            {
                "zones": list(changes.zones),
                "pages": list(changes.pages),
                "slugs": list(changes.slugs),
            },
        )
    if changes.everything:
        # An upsert: a database restored or emptied without the row gets it back.
        versions = ViewVersion.__table__
        assert isinstance(versions, Table)
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        upsert = dialect.insert(versions).values(name="global", value=1)
        connection.execute(
            upsert.on_conflict_do_update(
                index_elements=[versions.c.name], set_={"value": versions.c.value + 1}
            )
        )


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CHANGES, None)
