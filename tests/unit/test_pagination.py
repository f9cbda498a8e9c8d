"""Keyset pagination: every row once across pages, however rows tie on time; bad cursors are 400."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from innovationzone.errors import ValidationError
from innovationzone.pagination import keyset, parse_limit


@pytest.fixture
def notifications(ctx, make_user):
    from innovationzone.extensions import db
    from innovationzone.notifications.models import Notification

    user_id = make_user("ann")
    start = datetime(2026, 1, 1)
    with db.session.begin():
        for i in range(23):  # three rows share each timestamp: the id breaks the tie
            db.session.add(
                Notification(
                    user_id=user_id,
                    kind="mention",
                    object_type="page",
                    object_id=i,
                    title=f"n{i}",
                    url="/",
                    created_at=start + timedelta(minutes=i // 3),
                )
            )
    return Notification


def _walk(model, limit: int, descending: bool) -> list[int]:
    seen, cursor = [], None
    while True:
        page = keyset(
            select(model),
            (model.created_at, model.id),
            limit=limit,
            cursor=cursor,
            descending=descending,
        )
        seen += [n.object_id for n in page.items]
        if page.next is None:
            return seen
        cursor = page.next


@pytest.mark.parametrize("limit", [1, 5, 22, 23, 100])
def test_pages_visit_every_row_once_in_order(notifications, limit):
    assert _walk(notifications, limit, descending=True) == list(range(22, -1, -1))
    assert _walk(notifications, limit, descending=False) == list(range(23))


@pytest.mark.parametrize(
    "cursor",
    [
        "x",
        "W10",
        "WyJhIiwgMV0",
        "WzEsIDJd",
        "e30",
        "WyIyMDI2LTAxLTAxIiwgOTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ",
    ],
)
def test_a_cursor_not_given_out_is_a_400(notifications, cursor):
    with pytest.raises(ValidationError):
        keyset(
            select(notifications),
            (notifications.created_at, notifications.id),
            limit=5,
            cursor=cursor,
        )


@pytest.mark.parametrize(
    "raw,ok",
    [
        (None, 50),
        ("", 50),
        ("1", 1),
        ("100", 100),
        ("0", None),
        ("101", None),
        ("abc", None),
        ("9" * 30, None),
    ],
)
def test_limit_is_bounded(raw, ok):
    if ok is None:
        with pytest.raises(ValidationError):
            parse_limit(raw)
    else:
        assert parse_limit(raw) == ok


@pytest.mark.parametrize(
    "query",
    [
        "_external=1&_scheme=javascript",  # javascript://host/...?x=%0Aalert(1) in a 'more' link
        "_scheme=javascript",  # url_for refused it: a 500 on any list with a next page
        "_anchor=x&_method=DELETE",
        "slug=elsewhere",  # a query argument must not move the link to another zone
    ],
)
def test_next_page_url_keeps_only_the_lists_own_arguments(app, query):
    from innovationzone.pagination import next_page_url

    with app.test_request_context(f"/z/demo/chat?limit=2&q=a%0Ab&{query}"):
        url = next_page_url("CUR")
    assert url.startswith("/z/demo/chat?"), url
    assert "#" not in url and "javascript" not in url
    assert "limit=2" in url and "q=a%0Ab" in url and "cursor=CUR" in url


def test_next_page_url_keeps_every_value_of_a_repeated_argument(app):
    from innovationzone.pagination import next_page_url

    with app.test_request_context("/search?q=x&zone=a&zone=b"):
        url = next_page_url("CUR")
    assert "zone=a" in url and "zone=b" in url, url
