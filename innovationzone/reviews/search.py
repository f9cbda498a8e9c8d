"""Search ranks pages overdue for review a little lower: they may no longer be right."""

from __future__ import annotations

from innovationzone.reviews.services import overdue_page_ids
from innovationzone.search.services import Hit, register_demoter


def _overdue(hits: list[Hit]) -> set[tuple[str, int]]:
    return {
        ("page", page_id) for page_id in overdue_page_ids([h.id for h in hits if h.type == "page"])
    }


def register() -> None:
    """Lets search rank overdue pages a little lower: their content may be out of date."""
    register_demoter(_overdue)
