"""Word forms on both engines, from one table: the singular finds the plural and the reverse
(Dutch z/s, v/f, doubled consonants, -eren plurals, long vowels; English as stemmed before),
and a word of 4+ letters finds longer words it begins, ranked below exact and stemmed matches."""

from __future__ import annotations

import pytest

from tests.support import fixed_source
from tests.support.search_engines import every_engine
from tests.support.word_forms import DUTCH, ENGLISH

PAIRS = DUTCH + ENGLISH
pytestmark = every_engine


def urls(client, query: str) -> list[str]:
    response = client.get("search", query_string={"q": query, "limit": 100})
    assert response.status_code == 200, response.json
    return [hit["url"] for hit in response.json["results"]]


@pytest.fixture
def reader(app, api_as):
    ann = api_as("ann")
    assert ann.post("zones", {"slug": "vormen", "name": "Vormen"}).status_code == 201
    return ann


def test_every_form_finds_the_other(app, reader, monkeypatch):
    texts = [(f"d{n}", f"Hier staat {word}.") for pair in PAIRS for n, word in enumerate(pair)]
    with app.app_context():
        found_at = fixed_source.install(monkeypatch, "vormen", texts)
    missed = []
    for index, (typed, written) in enumerate(PAIRS):
        typed_url, written_url = found_at[2 * index], found_at[2 * index + 1]
        if written_url not in urls(reader, typed):
            missed.append((typed, written))
        if typed_url not in urls(reader, written):
            missed.append((written, typed))
    assert missed == []


def test_prefixes_match_below_exact_and_stemmed_words(app, reader, monkeypatch):
    texts = [
        ("Service", "De klantenservice belt terug."),
        ("Reizen", "Alle klantreizen van dit jaar."),
        ("Klant", "Wat de klant wil."),
    ]
    with app.app_context():
        service, journeys, customer = fixed_source.install(monkeypatch, "vormen", texts)
    found = urls(reader, "klant")
    assert found[0] == customer and set(found[1:]) == {service, journeys}
    paged = [reader.get(f"search?q=klant&limit=1&offset={n}").json for n in range(3)]
    assert [p["results"][0]["url"] for p in paged] == found  # pages continue into prefixes
    assert {p["total"] for p in paged} == {3}
    assert urls(reader, "klantreis") == [journeys]
    assert urls(reader, "kla") == []  # three letters: only whole words
