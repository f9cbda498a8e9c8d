"""Ranking reads only the best postings of each word on PostgreSQL (a pool a little deeper than
the page); these tests shrink that pool to two, so they would fail if the pool lost what a
reader may see: documents in zones they cannot read, excluded words, later pages. On SQLite
(Whoosh) the same answers are expected, with nothing to shrink."""

from __future__ import annotations

import pytest


@pytest.fixture
def shallow(monkeypatch):
    from innovationzone.search import postgres_backend

    monkeypatch.setattr(postgres_backend, "DEPTH", 2)


def save(client, zone: str, name: str, title: str, body: str) -> None:
    page = {"title": title, "body": body, "base_revision": None}
    assert client.put(f"zones/{zone}/pages/{name}", page).status_code == 201


def test_a_reader_finds_what_they_may_read_behind_better_matches_they_may_not(shallow, api_as):
    ann, bob = api_as("ann"), api_as("bob")
    assert (
        ann.post("zones", {"slug": "geheim", "name": "G", "visibility": "private"}).status_code
        == 201
    )
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for n in range(5):
        save(ann, "geheim", f"P{n}", "Pallets pallets", "Pallets, pallets en nog eens pallets.")
    save(ann, "dc", "Dock", "Dock 4", "Een lange tekst over het dock, de vrachtwagens en pallets.")
    found = bob.get("search", query_string={"q": "pallets", "limit": 1}).json
    assert found["total"] == 1 and [hit["title"] for hit in found["results"]] == ["Dock 4"]


def test_excluded_words_still_fill_the_page_from_weaker_matches(shallow, api_as):
    ann = api_as("ann")
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for n in range(4):
        save(ann, "dc", f"Koud{n}", "Pallets koud", "Pallets in de koelcel, koud bewaard.")
    save(
        ann, "dc", "Droog", "Droog magazijn", "Een lange tekst over het droge magazijn en pallets."
    )
    found = ann.get("search", query_string={"q": "pallets -koud", "limit": 1}).json
    assert [hit["title"] for hit in found["results"]] == ["Droog magazijn"]
    assert found["total"] == 1


def test_paging_visits_every_match_once_in_score_order(shallow, api_as):
    ann = api_as("ann")
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for n in range(1, 6):
        save(ann, "dc", f"P{n}", f"Pagina {n}", " ".join(["pallets"] * n + ["dock"] * 20))
    pages = [
        ann.get("search", query_string={"q": "pallets", "limit": 1, "offset": offset}).json
        for offset in range(5)
    ]
    titles = [hit["title"] for page in pages for hit in page["results"]]
    assert titles == [f"Pagina {n}" for n in range(5, 0, -1)]
    scores = [hit["score"] for page in pages for hit in page["results"]]
    assert scores == sorted(scores, reverse=True)


def test_a_word_with_more_matches_than_the_pool_says_more_than_and_pages_on(shallow, api_as):
    """PostgreSQL counts the pool it ranks from (two here): "more than 2" is honest, and the
    next page is offered; an engine that counts further says exactly 5."""
    ann = api_as("ann")
    assert ann.post("zones", {"slug": "dc", "name": "DC"}).status_code == 201
    for n in range(5):
        save(ann, "dc", f"P{n}", f"Pagina {n}", "Pallets op dock 4")
    found = ann.get("search", query_string={"q": "pallets", "limit": 1}).json
    assert (found["total"], found["total_exact"]) in {(5, True), (2, False)}
    assert found["next"]
