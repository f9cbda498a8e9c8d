"""Labels and the geometry of the stacked bar chart, computed here so the template only draws.

Coordinates are in viewBox units: the SVG scales to its container, so one layout serves a
375 px phone and a desktop. The department's name sits above its bar, never beside it, so a
long name never squeezes the bar on a narrow screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from innovationzone.activity.services import KINDS, Counts

KIND_LABELS = {
    "page_revisions": _l("Wiki edits"),
    "posts": _l("Blog posts"),
    "comments": _l("Comments"),
    "messages": _l("Chat messages"),
}
WIDTH = 400
TOTAL_ROOM = 50  # right of the longest bar, for its total
ROW = 50
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 18


def department_label(department: str | None) -> str:
    """People without a department still count; they are shown under a translated placeholder
    instead of a blank label."""
    return department if department else _("(no department)")


@dataclass
class Segment:
    """One kind of contribution (pages, posts, ...) inside a department's stacked bar."""

    kind: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    """A department's stacked bar, positioned here so the template only draws SVG."""

    department: str
    counts: Counts
    y: int
    segments: list[Segment]

    @property
    def total(self) -> int:
        """All contributions of the department, printed beside the bar."""
        return self.counts.total

    @property
    def label_y(self) -> int:
        """Baseline of the department name above the bar."""
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        """Top of the bar, below its label."""
        return self.y + BAR_TOP

    @property
    def end_x(self) -> float:
        """Where the stacked segments end, so the total is printed right after the bar."""
        return sum(segment.width for segment in self.segments)


@dataclass
class Chart:
    """The departments chart: bars busiest first, sized for the SVG."""

    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        """The SVG height: one row per department, so no department is clipped."""
        return len(self.bars) * ROW

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(kind, translated label) pairs in segment order, so the legend matches the colours of
        the bars."""
        return [(kind, str(KIND_LABELS[kind])) for kind in KINDS]


def bar_chart(rows: list[Counts]) -> Chart:
    """One bar per department, segments in KINDS order, scaled to the busiest department."""
    busiest = max((row.total for row in rows), default=0) or 1
    scale = (WIDTH - TOTAL_ROOM) / busiest
    bars = []
    for index, row in enumerate(rows):
        x, segments = 0.0, []
        for kind in KINDS:
            count = getattr(row, kind)
            if count:
                segments.append(
                    Segment(
                        kind, str(KIND_LABELS[kind]), count, round(x, 2), round(count * scale, 2)
                    )
                )
                x += count * scale
        bars.append(Bar(department_label(row.department), row, index * ROW, segments))
    return Chart(bars)
