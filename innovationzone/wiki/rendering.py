"""Page bodies to sanitised HTML: resolve links in the database first, render in the worker.

Bare file names (`![](plan.png)`, `[pdf](offerte.pdf)`) point at the page's attachments.
Existence of linked pages is baked into the cached HTML for every reader, so it is only
resolved where every reader of this page could see the answer: this zone and public zones.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

from flask import current_app
from sqlalchemy import CompoundSelect, bindparam, or_, select, union_all
from sqlalchemy.sql.elements import BindParameter

from innovationzone.accounts.services import users_named
from innovationzone.extensions import db
from innovationzone.markdown import LinkContext, extract_mentions, extract_wikilinks, render
from innovationzone.wiki.models import Page, Redirect
from innovationzone.wiki.naming import page_url
from innovationzone.zones.models import Zone

FILE_REF_RE = re.compile(
    r'(<(?:img|a)\s[^>]*?\b(?:src|href)=")([\w][\w\-. ]{0,150}\.[A-Za-z0-9]{1,8})"'
)


@lru_cache(maxsize=8)
def link_targets(zone_slug: str, body: str) -> frozenset[tuple[str, str]]:
    """(zone, path) of every [[link]] in a text, with links without a zone resolved to the text's
    own zone. Kept for the last few texts: a save asks for its body's links twice (to render it
    and to store its backlinks), and the editor's preview asked for them just before."""
    return frozenset((link.zone or zone_slug, link.target) for link in extract_wikilinks(body))


def _existing_statement() -> CompoundSelect:
    zones: BindParameter[list[str]] = bindparam("zones", expanding=True)
    paths: BindParameter[list[str]] = bindparam("paths", expanding=True)
    visible = or_(Zone.slug == bindparam("zone"), Zone.visibility == "public")
    pages = (
        select(Zone.slug, Page.path)
        .join(Zone, Page.zone_id == Zone.id)
        .where(Zone.slug.in_(zones), Page.path.in_(paths), visible, Page.deleted_at.is_(None))
    )
    redirects = (
        select(Zone.slug, Redirect.path)
        .join(Zone, Redirect.zone_id == Zone.id)
        .where(Zone.slug.in_(zones), Redirect.path.in_(paths), visible)
    )
    return union_all(pages, redirects)


_EXISTING = _existing_statement()


def existing_targets(zone_slug: str, targets: frozenset[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which targets exist and may be shown as existing from this zone (its own pages, or public
    zones'), so a link never reveals a page in someone's private zone."""
    if not targets:
        return set()
    # One statement of a fixed shape (expanding IN lists) for any number of links: an OR of
    # pairs was a new statement per link count, and building its cache key cost more than the
    # query; built once, not per save, it costs neither. It may answer pairs nobody asked for
    # (zone A's path of zone B's link): dropped below.
    zones, paths = {z for z, _p in targets}, {p for _z, p in targets}
    found = db.session.execute(
        _EXISTING, {"zone": zone_slug, "zones": list(zones), "paths": list(paths)}
    ).all()
    return {(row[0], row[1]) for row in found} & targets


def link_context(
    zone_slug: str | None, body: str, usernames: set[str] | None = None
) -> LinkContext:
    """What any Markdown text (page, post, comment, chat message) needs resolved before rendering:
    which [[links]] exist and which @mentions are people. `usernames` when the caller has them."""
    zone_slug = zone_slug or ""  # direct messages: only [[zone:Page]] links can resolve
    if usernames is None:
        usernames = {user.username for user in users_named(extract_mentions(body))}
    return LinkContext(
        zone=zone_slug or None,
        existing_pages=existing_targets(zone_slug, link_targets(zone_slug, body)),
        users=usernames,
    )


def render_page(zone_slug: str, path: str, body: str) -> str:
    """Sanitised HTML for a page body; may take up to the render time limit: call outside locks."""
    context = link_context(zone_slug, body)
    limit = current_app.config["MARKDOWN_MAX_CHARS"]
    output = render(body[:limit], context, timeout=current_app.config["MARKDOWN_TIMEOUT"])
    files_url = page_url(zone_slug, path, "files")
    return FILE_REF_RE.sub(
        lambda m: f'{m.group(1)}{files_url}/{quote(html.unescape(m.group(2)))}"', output
    )
