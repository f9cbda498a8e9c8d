"""Three-way merge of page bodies, line by line (merge3, the algorithm of Bazaar's merge).

Edits to different lines since a common base combine cleanly; edits to the same lines are a
conflict the user resolves, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from merge3 import Merge3


@dataclass(frozen=True)
class MergeResult:
    text: str
    clean: bool


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # so an edit to the last line does not look like a change to the ending
    return lines


def merge_text(base: str, theirs: str, mine: str) -> MergeResult:
    """`theirs` was saved meanwhile on top of `base`; `mine` is the save that arrives now."""
    if theirs == mine or base == theirs:
        return MergeResult(mine, True)
    if base == mine:
        return MergeResult(theirs, True)
    merger = Merge3(_lines(base), _lines(theirs), _lines(mine))
    clean = not any(group[0] == "conflict" for group in merger.merge_groups())
    lines = merger.merge_lines(name_a="saved meanwhile", name_b="your edit")
    text = "".join(lines)
    if not (theirs.endswith("\n") or mine.endswith("\n")):
        text = text.removesuffix("\n")
    return MergeResult(text, clean)


def merge_title(base: str, theirs: str, mine: str) -> str | None:
    """The merged title, or None when both sides renamed it differently."""
    if mine == theirs or mine == base:
        return theirs
    if theirs == base:
        return mine
    return None
