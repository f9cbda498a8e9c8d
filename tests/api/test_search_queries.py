"""A page of search results costs the same database queries whatever its size: hits, their
permission re-check and zones are loaded per type, not per hit (was about three per hit)."""

from __future__ import annotations

from innovationzone.extensions import db
from tests.support.statements import recorded


def test_a_page_of_hits_costs_the_same_queries_at_any_size(app, api_as):
    ann, bob = api_as("ann"), api_as("bob")
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for n in range(20):
        body = {"title": f"Pakketten {n}", "body": "Pakketten op dock 4", "base_revision": None}
        assert ann.put(f"zones/dc/pages/P{n}", body).status_code == 201

    with app.app_context():
        from innovationzone.accounts.services import get_user
        from innovationzone.search import services

        reader = get_user("bob")
        with recorded(db.engine) as statements:
            per_size = {}
            for limit in (5, 20):
                db.session.rollback()  # a fresh transaction: nothing remembered between sizes
                statements.clear()
                total, hits = services.search(reader, "pakketten", limit=limit)
                assert total.count == 20 and total.exact and len(hits) == limit
                per_size[limit] = len(statements)
    assert per_size[5] == per_size[20], statements
    assert bob.get("search?q=pakketten&limit=20").json["total"] == 20


def test_totals_are_counted_up_to_a_cap(app, api_as, monkeypatch):
    from innovationzone.search import fts5_backend, postgres_backend, whoosh_backend
    from tests.support import fixed_source

    ann = api_as("ann")
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for module in (fts5_backend, postgres_backend, whoosh_backend):
        monkeypatch.setattr(module, "TOTAL_CAP", 3)
    with app.app_context():
        fixed_source.install(monkeypatch, "dc", [(f"P{n}", "Pallets op dock 4") for n in range(5)])
    capped = ann.get("search?q=pallets&limit=2").json
    assert capped["total"] == 3 and capped["total_exact"] is False and len(capped["results"]) == 2
    exact = ann.get("search?q=pallets&zone=dc&type=comment").json
    assert exact["total"] == 0 and exact["total_exact"] is True
