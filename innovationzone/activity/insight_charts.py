"""Geometry of the insight charts (topics x departments, overdue reviews per owner), computed
here so the templates only draw; viewBox units, so one layout serves a phone and a desktop.
Labels sit above their row, never beside it, so a long topic title never squeezes the cells."""

from __future__ import annotations

import math
from dataclasses import dataclass

from innovationzone.activity.presenters import department_label
from innovationzone.activity.topics import Matrix

WIDTH = 400  # viewBox units, as the department chart
LABEL_ROOM = 80  # right of the last column: its label slants up and to the right
CELL = 40
GAP = 4
LABEL = 20
HEADER = 96
LEVELS = 4
BAR_WIDTH = 350
ROW = 44


@dataclass
class Cell:
    """One square of the topic heatmap; its level is a CSS class and its count is printed, so
    colour never carries the number alone."""

    x: int
    count: int
    level: int  # 0 (none) to LEVELS (busiest), a CSS class: colour never carries the number alone
    department: str


@dataclass
class HeatRow:
    """One topic's row of the heatmap, positioned by the presenter so the template only draws."""

    title: str
    url: str
    y: int
    cells: list[Cell]

    @property
    def label_y(self) -> int:
        """Baseline of the topic title, just above its cells."""
        return self.y + LABEL - 5

    @property
    def cell_y(self) -> int:
        """Top of the row's cells, below the title line."""
        return self.y + LABEL


@dataclass
class Heatmap:
    """Topics by departments, laid out in SVG units so the chart needs no script (the CSP allows
    none inline)."""

    columns: list[tuple[str, int]]  # department label, x of its column centre
    rows: list[HeatRow]
    width: int
    height: int
    cell: int = CELL
    header: int = HEADER


def heatmap(matrix: Matrix) -> Heatmap:
    """Always WIDTH wide, like the department chart, so both draw at the same scale; cells shrink
    when there are many departments, and the last column keeps room for its slanted label."""
    labels = [department_label(d) for d in matrix.departments]
    busiest = matrix.busiest or 1
    step = min(CELL + GAP, (WIDTH - LABEL_ROOM) // max(len(labels), 1))
    cell = step - GAP
    rows = []
    for index, topic in enumerate(matrix.topics):
        cells = []
        for col, (department, label) in enumerate(zip(matrix.departments, labels, strict=True)):
            count = matrix.count(topic, department)
            level = math.ceil(LEVELS * count / busiest) if count else 0
            cells.append(Cell(col * step, count, level, label))
        y = HEADER + index * (LABEL + step)
        rows.append(HeatRow(topic.title, f"/topics/{topic.slug}", y, cells))
    columns = [(label, col * step + cell // 2) for col, label in enumerate(labels)]
    return Heatmap(columns, rows, WIDTH, HEADER + len(rows) * (LABEL + step), cell)


@dataclass
class CountBar:
    """One bar of a plain count chart (e.g. overdue reviews per owner)."""

    label: str
    count: int
    y: int
    width: float

    @property
    def label_y(self) -> int:
        """Baseline of the label above the bar."""
        return self.y + 16

    @property
    def bar_y(self) -> int:
        """Top of the bar, below its label."""
        return self.y + 22


@dataclass
class CountChart:
    """A list of labelled bars sized for the SVG the template draws."""

    bars: list[CountBar]
    width: int = BAR_WIDTH + 50
    bar_height: int = 16

    @property
    def height(self) -> int:
        """The SVG height: one row per bar, so the chart grows with its data instead of clipping."""
        return len(self.bars) * ROW


def count_chart(rows: list[tuple[str, int]]) -> CountChart:
    """One bar per (label, count), scaled to the largest count."""
    scale = BAR_WIDTH / (max((count for _label, count in rows), default=0) or 1)
    return CountChart(
        [
            CountBar(label, count, i * ROW, round(count * scale, 2))
            for i, (label, count) in enumerate(rows)
        ]
    )
