"""What a typed search becomes: plain words, phrases and exclusions, never engine syntax."""

import pytest

from innovationzone.search.query import OperatorError, parse
from innovationzone.search.services import snippet


def test_words_phrases_and_exclusions():
    query = parse('retour "click and collect" -test Winkels winkels')
    assert query.words == ["retour", "winkels"]
    assert query.phrases == [["click", "and", "collect"]]
    assert query.excluded == ["test"]


def test_engine_syntax_is_taken_apart_into_words():
    query = parse('title:(a OR b) * AND NOT "x')
    assert query.words == ["title", "a", "or", "b", "and", "not", "x"]
    assert query.phrases == [] and query.excluded == []


def test_operators_are_parsed_by_us():
    query = parse('zone:Kassa type:posts by:@Ann tag:"Black Friday" in:title retour x:y')
    assert (query.zone, query.type, query.by, query.tag) == ("kassa", "post", "ann", "black_friday")
    assert query.in_title and query.words == ["retour", "x", "y"] and query.filtered
    assert parse("pre-zone:x").zone is None  # only at the start of a word
    assert parse("type:").words == ["type"]
    assert parse("type:page").empty and parse("type:page").filtered


@pytest.mark.parametrize("text", ["type:video", "in:body", 'type:""'])
def test_an_operator_value_that_cannot_be_meant_is_an_error(text):
    with pytest.raises(OperatorError):
        parse(text)


def test_only_exclusions_or_punctuation_is_empty_and_long_questions_keep_every_word():
    assert parse("-alleen -dit").empty
    assert parse("*** ??? ::").empty
    assert len(parse(" ".join(f"w{n}" for n in range(50))).words) == 50
    assert len(parse("w " * 400).words) == 1 and len(parse(f"a {'b' * 400} c").words) == 1


def test_snippet_is_escaped_marked_and_free_of_markdown():
    text = "# Kop\n\nIntro " + "vulling " * 40 + "de **<b>kassa</b>** [[Retourproces]] daarna"
    result = snippet(text, ["kassa"])
    assert result.startswith("…") and "<mark>kassa</mark>" in result
    assert "&lt;b&gt;" in result and "<b>" not in result
    assert "[[" not in result and "**" not in result and "# Kop" not in result
