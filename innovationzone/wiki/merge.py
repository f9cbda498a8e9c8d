"""Three-way merge of page bodies: both sides' changes to the base are applied when they touch
different lines, and a conflict the user resolves when they change the same lines.

Each side is diffed against the base with difflib's SequenceMatcher, which anchors on every
equal line, blank separator lines included. (merge3's patience diff anchors on unique lines
only, so two people editing neighbouring paragraphs collided and got a 409.) Changes to
adjacent lines merge; a change that overlaps or sits inside the other side's change is a
conflict; both sides making the very same change is no conflict. Never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

THEIRS_LABEL, MINE_LABEL = "saved meanwhile", "your edit"  # the caller may pass them translated


@dataclass(frozen=True)
class MergeResult:
    """A three-way merge: the merged text, and whether it merged without overlapping edits."""

    text: str
    clean: bool


@dataclass(frozen=True)
class _Change:
    start: int  # base lines [start, end) become `lines`
    end: int
    lines: tuple[str, ...]
    mine: bool

    def collides(self, other: _Change) -> bool:
        """Do two changes from different sides touch the same base lines?"""
        if self.start == self.end and other.start == other.end:
            return self.start == other.start  # two insertions at one place: which goes first?
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # so an edit to the last line does not look like a change to the ending
    return lines


def _changes(base: list[str], other: list[str], mine: bool) -> list[_Change]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        _Change(i1, i2, tuple(other[j1:j2]), mine)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _apply(base: list[str], start: int, end: int, changes: list[_Change]) -> list[str]:
    """base[start:end] with `changes` (one side's, in order, all inside the range) applied."""
    out, pos = [], start
    for change in changes:
        out += base[pos : change.start] + list(change.lines)
        pos = change.end
    return out + base[pos:end]


def _clusters(changes: list[_Change]) -> list[list[_Change]]:
    """Changes grouped so that no change collides with one outside its group."""
    groups: list[list[_Change]] = []
    for change in sorted(changes, key=lambda c: (c.start, c.end, c.mine)):
        if groups and any(change.collides(c) for c in groups[-1] if c.mine != change.mine):
            groups[-1].append(change)
        else:
            groups.append([change])
    return groups


def _merge_lines(
    base: list[str], theirs: list[str], mine: list[str], labels: tuple[str, str]
) -> tuple[list[str], bool]:
    changes = _changes(base, theirs, False) + _changes(base, mine, True)
    out, pos, clean = [], 0, True
    for group in _clusters(changes):
        start = min(c.start for c in group)
        end = max(c.end for c in group)
        out += base[pos:start]
        ours = [c for c in group if c.mine]
        others = [c for c in group if not c.mine]
        their_lines = _apply(base, start, end, others)
        my_lines = _apply(base, start, end, ours)
        if not ours or not others or their_lines == my_lines:
            out += their_lines if others else my_lines
        else:
            clean = False
            out += [f"<<<<<<< {labels[0]}\n", *their_lines, "=======\n"]
            out += [*my_lines, f">>>>>>> {labels[1]}\n"]
        pos = end
    return out + base[pos:], clean


def merge_text(
    base: str, theirs: str, mine: str, labels: tuple[str, str] = (THEIRS_LABEL, MINE_LABEL)
) -> MergeResult:
    """`theirs` was saved meanwhile on top of `base`; `mine` is the save that arrives now.
    `labels` name the two sides on a conflict's markers, in the writer's language."""
    if theirs == mine or base == theirs:
        return MergeResult(mine, True)
    if base == mine:
        return MergeResult(theirs, True)
    lines, clean = _merge_lines(_lines(base), _lines(theirs), _lines(mine), labels)
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
