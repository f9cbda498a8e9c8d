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
