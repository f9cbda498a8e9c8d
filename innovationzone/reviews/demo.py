"""Demo review duties: a few pages with an interval and an owner, two of them already overdue,
so the badges, the queues and the insights chart have something to show. Safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from innovationzone.accounts.models import User
from innovationzone.db import utcnow
from innovationzone.reviews.services import set_page_review, set_topic_review
from innovationzone.zones.models import Zone

# zone, path, interval in days, owner, due in days from today (negative: overdue)
PAGE_REVIEWS = [
    ("last-mile", "Retouren_via_de_winkel", 90, "eva", -12),
    ("last-mile", "Bezorgopties", 180, "farid", 40),
    ("kassa-vernieuwing", "Retourproces", 60, "karin", -3),
    ("omnichannel", "Klantreis/Webshop_naar_winkel", 120, "anouk", 25),
]


def load(people: dict[str, User], zones: dict[str, Zone]) -> None:
    """Gives demo pages and topics review dates, some overdue, so the review queue has something
    to show."""
    today = utcnow().date()
    for zone_slug, path, interval, owner, due_in in PAGE_REVIEWS:
        if zone_slug not in zones:
            continue
        due = (today + timedelta(days=due_in)).isoformat()
        data = {"interval_days": interval, "owner": owner, "due": due}
        set_page_review(people["anouk"], zone_slug, path, data)
    due = (today + timedelta(days=-1)).isoformat()
    set_topic_review(people["anouk"], "click-en-collect", {"interval_days": 30, "due": due})
