"""wiki.view_versions: which writes bump which version the page cache is keyed by, in the
writing transaction (a rollback bumps nothing)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from innovationzone.extensions import db
from innovationzone.wiki import view_versions
from innovationzone.wiki.models import ViewVersion
from innovationzone.zones.models import Zone


@pytest.fixture
def zones(api_as):
    ann = api_as("ann")
    for slug in ("winkels", "kassa", "logistiek"):
        ann.post("zones", {"slug": slug, "name": slug.title()})
    return ann


def save(client, zone: str, path: str, body: str, base: int | None = None):  # noqa: ANN001
    response = client.put(
        f"zones/{zone}/pages/{path}", {"title": path, "body": body, "base_revision": base}
    )
    assert response.status_code in (200, 201), response.json
    return response


def versions(app) -> dict[str, int]:  # noqa: ANN001
    with app.app_context():
        found = {z.slug: z.content_version for z in db.session.scalars(select(Zone))}
        found["global"] = db.session.scalar(
            select(ViewVersion.value).where(ViewVersion.name == "global")
        )
        return found


def test_a_save_bumps_its_zone_and_the_zones_it_links_to_only(app, zones):
    before = versions(app)
    save(zones, "winkels", "Kassa", "Zie [[kassa:Lade]].")
    after = versions(app)
    assert after["winkels"] > before["winkels"] and after["kassa"] > before["kassa"]
    assert after["logistiek"] == before["logistiek"] and after["global"] == before["global"]
    # Dropping the link bumps the zone it used to point to (its "What links here" shrinks).
    save(zones, "winkels", "Kassa", "Geen link.", 1)
    assert versions(app)["kassa"] > after["kassa"]


def test_a_bulk_write_beyond_the_id_limit_bumps_every_zone(app, zones, monkeypatch):
    monkeypatch.setattr(view_versions, "MAX_IDS", 0)
    before = versions(app)
    save(zones, "winkels", "Kassa", "Geen link.")
    after = versions(app)
    assert all(after[z] > before[z] for z in ("winkels", "kassa", "logistiek"))


def test_names_zones_and_memberships_bump_the_global_version(app, zones, api_as):
    api_as("bob")
    before = versions(app)["global"]
    zones.post("zones/kassa/members", {"username": "bob"})
    assert versions(app)["global"] > before


def test_a_rolled_back_write_and_unrelated_writes_bump_nothing(app, zones):
    before = versions(app)
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == "winkels"))
        zone.name = "Andere naam"
        db.session.flush()
        db.session.rollback()
    zones.post("notifications/read", {})  # a write no wiki page shows
    assert versions(app) == before
