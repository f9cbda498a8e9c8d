"""The three-way merge of concurrent wiki saves, as a table: neighbouring edits merge, real
overlaps conflict (and the conflict shows both versions), nothing is silently dropped."""

from __future__ import annotations

import pytest

from innovationzone.wiki.merge import merge_text

BASE = """\
# Kassa

Eerste alinea over de kassa.

Tweede alinea over de pinautomaat.

- stap een
- stap twee
- stap drie
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


P1, P2 = "Eerste alinea over de kassa.", "Tweede alinea over de pinautomaat."

CLEAN = [
    # (what, theirs, mine, merged)
    (
        "neighbouring paragraphs",
        edit(BASE, P1, "Eerste alinea, herschreven door Ann."),
        edit(BASE, P2, "Tweede alinea, herschreven door Bob."),
        edit(
            edit(BASE, P1, "Eerste alinea, herschreven door Ann."),
            P2,
            "Tweede alinea, herschreven door Bob.",
        ),
    ),
    (
        "adjacent list items",
        edit(BASE, "- stap een", "- stap 1"),
        edit(BASE, "- stap twee", "- stap 2"),
        edit(edit(BASE, "- stap een", "- stap 1"), "- stap twee", "- stap 2"),
    ),
    (
        "a paragraph added after one the other side edits",
        edit(BASE, P1, "Eerste alinea (bijgewerkt)."),
        edit(BASE, P1, P1 + "\n\nNieuwe alinea van Bob."),
        edit(BASE, P1, "Eerste alinea (bijgewerkt).\n\nNieuwe alinea van Bob."),
    ),
    (
        "the same change on both sides",
        edit(BASE, "- stap drie", "- stap 3"),
        edit(BASE, "- stap drie", "- stap 3"),
        edit(BASE, "- stap drie", "- stap 3"),
    ),
    (
        "heading and last line",
        edit(BASE, "# Kassa", "# Kassa-handleiding"),
        BASE + "- stap vier\n",
        edit(BASE, "# Kassa", "# Kassa-handleiding") + "- stap vier\n",
    ),
    (
        "the blank separator lines are not unique, yet anchor the merge",
        edit(edit(BASE, P1, "A1"), P2, P2),
        edit(BASE, "\n\n- stap een", "\n\nInleiding lijst:\n- stap een"),
        edit(BASE, P1, "A1").replace("\n\n- stap een", "\n\nInleiding lijst:\n- stap een"),
    ),
]

CONFLICTS = [
    # (what, theirs, mine)
    (
        "the same line, differently",
        edit(BASE, P1, "Ann's versie."),
        edit(BASE, P1, "Bob's versie."),
    ),
    (
        "one deletes a paragraph the other edits",
        edit(BASE, P2 + "\n\n", ""),
        edit(BASE, P2, "Tweede alinea, aangevuld."),
    ),
    (
        "both insert different lines at the same place",
        edit(BASE, "- stap drie\n", "- stap drie\n- stap vier\n"),
        edit(BASE, "- stap drie\n", "- stap drie\n- stap 4\n"),
    ),
    (
        "an insertion inside a range the other rewrote",
        edit(BASE, "- stap een\n- stap twee\n", "1. een\n2. twee\n"),
        edit(BASE, "- stap een\n", "- stap een\n- stap anderhalf\n"),
    ),
]


@pytest.mark.parametrize("what, theirs, mine, merged", CLEAN, ids=[c[0] for c in CLEAN])
def test_neighbouring_edits_merge_cleanly(what, theirs, mine, merged):
    result = merge_text(BASE, theirs, mine)
    assert result.clean, what
    assert result.text == merged, what


@pytest.mark.parametrize("what, theirs, mine", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_real_overlaps_conflict_and_show_both_versions(what, theirs, mine):
    result = merge_text(BASE, theirs, mine)
    assert not result.clean, what
    assert "<<<<<<< saved meanwhile" in result.text and ">>>>>>> your edit" in result.text
    theirs_part = result.text.split("<<<<<<< saved meanwhile\n")[1].split("=======\n")[0]
    mine_part = result.text.split("=======\n")[1].split(">>>>>>> your edit")[0]
    assert theirs_part != mine_part
    # outside the markers, the text is what both sides agree on
    outside = result.text.split("<<<<<<<")[0]
    assert BASE.startswith(outside) or theirs.startswith(outside)


def test_no_trailing_newline_is_kept_and_identical_saves_win():
    assert merge_text("a\nb", "A\nb", "a\nB").text == "A\nB"
    assert merge_text("a", "b", "b").text == "b"
    assert merge_text("a", "a", "c").text == "c"
