"""Search over the API on both engines (FTS5 on SQLite, PostgreSQL full text): ranking by
any word, Dutch and English stemming, phrases and exclusions, and privacy with honest totals
(privacy on the optional Whoosh engine too)."""

from __future__ import annotations

import pytest

from tests.support import search_source
from tests.support.search_engines import every_engine


@pytest.fixture
def corpus(app, api_as, monkeypatch):
    search_source.install(monkeypatch)
    ann = api_as("ann")
    texts = {
        "retour": ("public", "Retourproces in de winkels: klanten brengen pakketten terug"),
        "bezorging": ("public", "Same-day delivery for online orders and parcels"),
        "kassa": ("private", "Nieuwe kassa's in alle winkels, geheim project"),
        "collect": ("public", "Click and collect: bestellen online, ophalen in de winkel"),
    }
    for slug, (visibility, _text) in texts.items():
        assert (
            ann.post(
                "zones", {"slug": slug, "name": slug.title(), "visibility": visibility}
            ).status_code
            == 201
        )
    with app.app_context():
        for slug, (_visibility, text) in texts.items():
            search_source.set_description(slug, text)
    return ann


def slugs(response) -> list[str]:
    return [hit["url"].rsplit("/", 1)[1] for hit in response.json["results"]]


def test_any_word_matches_and_more_matches_rank_higher(corpus):
    response = corpus.get("search?q=winkels klanten pakketten")
    assert response.status_code == 200
    assert slugs(response)[0] == "retour"  # matches all three words
    assert set(slugs(response)) == {"retour", "kassa", "collect"}


def test_dutch_and_english_stemming(corpus):
    assert "retour" in slugs(corpus.get("search?q=winkel"))  # winkels -> winkel
    assert "bezorging" in slugs(corpus.get("search?q=order"))  # orders -> order
    assert "bezorging" in slugs(corpus.get("search?q=parcel"))


def test_phrases_and_exclusions(corpus):
    assert slugs(corpus.get('search?q="click and collect"')) == ["collect"]
    assert "collect" not in slugs(corpus.get("search?q=online -ophalen"))
    assert "bezorging" in slugs(corpus.get("search?q=online -ophalen"))


@every_engine
def test_private_zones_stay_private_with_honest_totals(corpus, api_as):
    outsider = api_as("bob")
    response = outsider.get("search?q=winkels")
    assert "kassa" not in slugs(response)
    assert response.json["total"] == len(response.json["results"]) == 2
    assert corpus.get("search?q=winkels").json["total"] == 3
    assert outsider.get("search?q=geheim").json == {
        "total": 0,
        "total_exact": True,
        "results": [],
        "next": None,
    }


@pytest.mark.parametrize(
    "query", ["zone:kassa", "title:Kassa OR geheim", "type:page geheim", "* geheim"]
)
def test_engine_syntax_is_just_words(corpus, api_as, query):
    """Field syntax and operators must not widen what an outsider sees."""
    assert "kassa" not in slugs(api_as("bob").get("search", query_string={"q": query}))


def test_results_carry_the_contract_fields_and_escaped_snippets(corpus, app):
    with app.app_context():
        search_source.set_description("collect", "<script>alert(1)</script> ophalen in de winkel")
    hit = corpus.get("search?q=ophalen").json["results"][0]
    assert set(hit) == {"type", "id", "title", "url", "snippet", "zone", "score"}
    assert hit["type"] == "page" and hit["zone"] == "collect"
    assert "<script>" not in hit["snippet"] and "&lt;script&gt;" in hit["snippet"]
    assert "<mark>ophalen</mark>" in hit["snippet"]


def test_type_and_zone_filters_and_limits(corpus):
    assert slugs(corpus.get("search?q=winkels&zone=retour")) == ["retour"]
    assert corpus.get("search?q=winkels&type=message").json["total"] == 0
    assert len(corpus.get("search?q=winkels&limit=1").json["results"]) == 1
    for bad in (
        "search?q=",
        "search?q=-alleen",
        "search?q=x&type=video",
        "search?q=x&limit=1000",
        "search?q=x&limit=abc",
    ):
        response = corpus.get(bad)
        assert response.status_code == 400 and response.json["message"], bad


def test_changes_are_reindexed_and_reindex_rebuilds(corpus, app):
    with app.app_context():
        search_source.set_description("retour", "Alleen nog over retouren")
    assert "retour" not in slugs(corpus.get("search?q=pakketten"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed 4 documents" in result.output
    assert "retour" in slugs(corpus.get("search?q=retouren"))
