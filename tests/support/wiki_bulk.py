"""A large zone in well under a second: pages and revisions inserted in bulk (rendered once),
then the page tree rebuilt, as the bench and the navigation tests need thousands of pages."""

from __future__ import annotations

from sqlalchemy import insert, select

from innovationzone.extensions import db
from innovationzone.wiki.models import Page, Revision
from innovationzone.wiki.rendering import render_page
from innovationzone.wiki.tree_services import rebuild
from innovationzone.zones.models import Zone


def bulk_pages(zone_slug: str, paths: list[str], body: str = "Tekst van de pagina.") -> None:
    """Adds `paths` as pages with one revision each (call inside an app context)."""
    zone = db.session.scalar(select(Zone).where(Zone.slug == zone_slug))
    html = render_page(zone_slug, paths[0], body)
    titles = {path: path.rsplit("/", 1)[-1].replace("_", " ") for path in paths}
    rows = [
        {"zone_id": zone.id, "path": path, "title": title, "revision": 1}
        for path, title in titles.items()
    ]
    ids = db.session.execute(insert(Page).returning(Page.id, Page.path), rows).all()
    revisions = [
        {"page_id": id_, "number": 1, "title": titles[path], "body": body, "html": html}
        for id_, path in ids
    ]
    db.session.execute(insert(Revision), revisions)
    rebuild(db.session, zone.id)
    db.session.commit()


def bulk_revisions(zone_slug: str, path: str, count: int, author_ids: list[int]) -> None:
    """Gives the page at `path` `count` more revisions, by the given authors in turn (call
    inside an app context): a long history without a save per revision."""
    page = db.session.scalar(
        select(Page).join(Zone).where(Zone.slug == zone_slug, Page.path == path)
    )
    first = page.revision + 1
    rows = [
        {
            "page_id": page.id,
            "number": number,
            "title": page.title,
            "body": f"Tekst van de pagina, versie {number}.",
            "html": f"<p>Tekst van de pagina, versie {number}.</p>",
            "summary": f"Versie {number}",
            "author_id": author_ids[number % len(author_ids)],
        }
        for number in range(first, first + count)
    ]
    db.session.execute(insert(Revision), rows)
    page.revision = first + count - 1
    db.session.commit()
