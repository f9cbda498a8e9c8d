"""The analysis both engines share: every pair of the forms table gets a common term, English
keeps its Snowball stem, and Dutch stems fold to one form."""

import pytest
from whoosh.lang.porter2 import stem

from innovationzone.search.analysis import dutch, query_words, stems, words
from tests.support.word_forms import DUTCH, ENGLISH


def terms(text: str) -> set[str]:
    return {term for word in words(text) for term in stems(word)}


@pytest.mark.parametrize(("typed", "written"), DUTCH + ENGLISH)
def test_both_forms_share_a_term(typed, written):
    assert terms(typed) & terms(written)


def test_the_rules_of_the_dutch_normal_form():
    assert dutch("klantreizen") == dutch("klantreis") == "klantreis"  # z -> s
    assert dutch("duiven") == dutch("duif") == "duif"  # v -> f
    assert dutch("walvissen") == dutch("walvis") == "walvis"  # undoubled
    assert dutch("kinderen") == dutch("kind") == "kind"  # the -eren list
    assert dutch("fietsen") == dutch("fiets")


def test_english_keeps_its_stem_and_words_fold_accents():
    for _typed, written in ENGLISH:
        assert stem(written) in stems(written)
    assert words("Ideeën voor het Café!") == ["ideeen", "voor", "het", "cafe"]


def test_stopwords_are_left_out_of_queries_unless_nothing_else_is_left():
    assert query_words(["how", "to", "return", "a", "parcel"]) == ["return", "parcel"]
    assert query_words(["de", "het"]) == ["de", "het"]
