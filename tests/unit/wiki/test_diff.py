"""The revision diff stays readable: an edited sentence shows the changed words, a rewritten
passage shows the old text and then the new one, not a confetti of fragments."""

from __future__ import annotations

from innovationzone.wiki.diff import word_diff

OLD = "# Kassa\n\nOpen de lade en tel het geld.\n\nSluit af om zes uur.\n"


def _changed(pieces):
    return [(p.kind, p.text) for p in pieces if p.kind in ("ins", "del")]


def test_an_edited_sentence_shows_the_changed_words():
    new = OLD.replace("tel het geld", "tel het wisselgeld")
    assert _changed(word_diff(OLD, new)) == [("del", "geld"), ("ins", "wisselgeld")]


def test_a_rewritten_passage_shows_old_then_new_whole():
    new = OLD.replace(
        "Open de lade en tel het geld.", "Controleer eerst de pinautomaat, daarna de bonrol."
    )
    assert _changed(word_diff(OLD, new)) == [
        ("del", "Open de lade en tel het geld.\n"),
        ("ins", "Controleer eerst de pinautomaat, daarna de bonrol.\n"),
    ]
    # and the text around it stays plain
    assert "".join(p.text for p in word_diff(OLD, new) if p.kind == "same").startswith("# Kassa")
