"""Page-title completion for the header's search box: pages whose title has a word starting
with what was typed, in zones the user may read. A plain database query, not the engine: it
must answer while someone types, and titles are short and few."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from innovationzone import validation
from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.permissions import readable_zone_ids_query
from innovationzone.wiki.models import Page
from innovationzone.wiki.naming import page_url
from innovationzone.zones.models import Zone

MAX_TYPED = 100


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def complete_titles(user: User, typed: str, limit: int = 8) -> list[dict[str, Any]]:
    """Up to `limit` readable pages, titles starting with the text first, then shorter ones."""
    text = validation.text({"q": typed}, "q", max_len=MAX_TYPED).lower()
    title = func.lower(Page.title)
    starts = title.like(f"{_like(text)}%", escape="\\")
    rows = db.session.execute(
        select(Page.title, Page.path, Zone.slug)
        .join(Zone, Zone.id == Page.zone_id)
        .where(
            Page.deleted_at.is_(None),
            Page.zone_id.in_(readable_zone_ids_query(user)),
            or_(starts, title.like(f"% {_like(text)}%", escape="\\")),
        )
        .order_by(starts.desc(), func.length(Page.title), Page.title)
        .limit(limit)
    ).all()
    return [{"title": t, "url": page_url(zone, path), "zone": zone} for t, path, zone in rows]
