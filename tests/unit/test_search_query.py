"""What a typed search becomes: plain words, phrases and exclusions, never engine syntax."""

from innovationzone.search.query import parse
from innovationzone.search.services import snippet


def test_words_phrases_and_exclusions():
    query = parse('retour "click and collect" -test Winkels winkels')
    assert query.words == ["retour", "winkels"]
    assert query.phrases == [["click", "and", "collect"]]
    assert query.excluded == ["test"]


def test_engine_syntax_is_taken_apart_into_words():
    query = parse('zone:secret title:(a OR b) * AND NOT "x')
    assert query.words == ["zone", "secret", "title", "a", "or", "b", "and", "not", "x"]
    assert query.phrases == [] and query.excluded == []


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
