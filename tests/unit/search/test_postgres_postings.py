"""The BM25 term weight each posting stores (`impact`): what makes one document rank above
another for the same word, before the word's IDF is applied."""

from __future__ import annotations

from innovationzone.search.postgres_postings import impact


def test_more_occurrences_weigh_more_but_saturate():
    once, twice, often = (impact(0, n, 100, 100) for n in (1, 2, 50))
    assert once < twice < often
    assert often - impact(0, 40, 100, 100) < twice - once


def test_a_title_occurrence_weighs_more_than_a_body_one():
    assert impact(1, 0, 100, 100) > impact(0, 1, 100, 100)


def test_the_same_count_weighs_more_in_a_shorter_text():
    assert impact(0, 2, 50, 100) > impact(0, 2, 100, 100) > impact(0, 2, 400, 100)


def test_an_empty_collection_has_no_average_to_divide_by():
    assert impact(0, 1, 10, 0) > 0


def test_a_documents_postings_count_title_and_body_spots_as_its_tsvector_holds_them():
    """Each posting's weight counts the term's title (A) and body (B) positions the stored
    tsvector has, capped as it is: a word of the title that the body repeats past the cap too."""
    from innovationzone.search.postgres_backend import MAX_POSITIONS, _Analysed

    body = " ".join(["kassa fietsen kassa"] * (MAX_POSITIONS // 2) + ["klantreis kinderen"])
    analysed = _Analysed("Kassa en klantreis", body)
    impacts = analysed.impacts(120.0)
    assert impacts.keys() == analysed.positions.keys()
    for term, spots in analysed.positions.items():
        title = sum(spot.endswith("A") for spot in spots)
        assert impacts[term] == impact(title, len(spots) - title, analysed.length, 120.0)
    assert analysed.in_title["kassa"] == 1
    assert len(analysed.positions["kassa"]) == MAX_POSITIONS
