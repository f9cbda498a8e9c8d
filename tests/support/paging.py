"""Walking a paged list to its end, as a client or a reader would: the API's `next` cursor and
the HTML pages' "more" links. Shared so that every list test checks the same things on every
page: it answers, it keeps the limit, and the walk ends."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

REL_NEXT = r'rel="next" href="([^"]+)"'


def walk(api: Any, url: str, key: str, limit: int) -> list:
    """Every item of an API list (`key` in each answer), following `next` with `limit` a page."""
    joiner = "&" if "?" in url else "?"
    items: list = []
    cursor = None
    for _ in range(100):
        page = api.get(f"{url}{joiner}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, (url, page.get_json())
        body = page.get_json()
        assert len(body[key]) <= limit
        items += body[key]
        cursor = body["next"]
        if cursor is None:
            return items
    raise AssertionError(f"{url} never ended")


def crawl(
    api: Any,
    url: str,
    item: str,
    part: Callable[[str], str] = lambda html: html,
    more: str = REL_NEXT,
) -> list[str]:
    """Follows a list page's "more" links (`more`, a regex with the link as its group) from `url`
    (which asks for limit=2): every page shows one or two items (`item`, a regex with one group),
    so the link kept the limit. `part` cuts the page down to the one list being walked."""
    seen: list[str] = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, url
        html = part(response.get_data(as_text=True))
        found = re.findall(item, html)
        assert 0 < len(found) <= 2, (url, found)
        seen += found
        link = re.search(more, html)
        url = unescape(link.group(1)) if link else None
    return seen
