"""Review duties through the API on SQLite and PostgreSQL: owner defaults to the page's creator,
due and reviewed, the owner's queue overdue first and paginated, privacy, and the review_due
notification sent once per due date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest


def _page(client, zone, path):
    answer = client.put(
        f"zones/{zone}/pages/{path}", {"title": path, "body": "x", "base_revision": None}
    )
    assert answer.status_code == 201, answer.json


@pytest.fixture
def wiki(two_zones):
    """ann curates public 'winkels' and private 'kassa' (bob is a member); bob wrote two pages."""
    ann, bob, cor = two_zones
    _page(bob, "winkels", "Retour")
    _page(bob, "kassa", "Storing")
    return ann, bob, cor


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def test_owner_defaults_to_creator_and_reviewed_moves_the_date(wiki):
    ann, bob, cor = wiki
    set_ = cor.put("zones/winkels/pages/Retour/review", {"interval_days": 30, "due": _day(-2)})
    assert set_.status_code == 200, set_.json
    assert set_.json["owner"] == "bob" and set_.json["interval_days"] == 30
    assert set_.json["review_due"] == _day(-2) and set_.json["overdue"] is True
    # only the review owner and curators vouch for it
    assert cor.post("zones/winkels/pages/Retour/reviewed").status_code == 403
    done = bob.post("zones/winkels/pages/Retour/reviewed")
    assert done.status_code == 200
    assert done.json["review_due"] == _day(30) and done.json["overdue"] is False
    assert ann.post("zones/winkels/pages/Retour/reviewed").status_code == 200
    # a page without an interval has nothing to mark
    _page(bob, "winkels", "Nieuw")
    assert bob.post("zones/winkels/pages/Nieuw/reviewed").status_code == 404


def test_bad_review_input_is_400(wiki):
    _ann, bob, cor = wiki
    url = "zones/winkels/pages/Retour/review"
    for body, field in (
        ({}, "interval_days"),
        ({"interval_days": 0}, "interval_days"),
        ({"interval_days": 3651}, "interval_days"),
        ({"interval_days": "7"}, "interval_days"),
        ({"interval_days": 7, "due": "morgen"}, "due"),
        ({"interval_days": 7, "owner": "nobody"}, "owner"),
        # an owner must be able to read the page: cor is outside private 'kassa'
    ):
        answer = bob.put(url, body)
        assert answer.status_code == 400 and answer.json["field"] == field, body
    outsider = bob.put("zones/kassa/pages/Storing/review", {"interval_days": 7, "owner": "cor"})
    assert outsider.status_code == 400 and outsider.json["field"] == "owner"
    assert cor.put("zones/kassa/pages/Storing/review", {"interval_days": 7}).status_code == 404
    assert bob.put("zones/winkels/pages/Geen/review", {"interval_days": 7}).status_code == 404


def test_queue_is_overdue_first_paginated_and_private(wiki):
    ann, bob, cor = wiki
    for path in ("A", "B", "C"):
        _page(bob, "winkels", path)
    dues = {"A": 5, "B": -1, "C": -3, "Retour": 10}
    for path, offset in dues.items():
        bob.put(f"zones/winkels/pages/{path}/review", {"interval_days": 7, "due": _day(offset)})
    bob.put("zones/kassa/pages/Storing/review", {"interval_days": 7, "due": _day(-10)})

    first = bob.get("reviews?limit=2")
    assert [r["path"] for r in first.json["reviews"]] == ["Storing", "C"]
    assert first.json["reviews"][0]["overdue"] is True and first.json["next"]
    rest = bob.get(f"reviews?limit=2&cursor={first.json['next']}")
    assert [r["path"] for r in rest.json["reviews"]] == ["B", "A"]
    last = bob.get(f"reviews?limit=2&cursor={rest.json['next']}").json
    assert [r["path"] for r in last["reviews"]] == ["Retour"] and last["next"] is None
    overdue = bob.get("reviews?overdue=true").json["reviews"]
    assert [r["path"] for r in overdue] == ["Storing", "C", "B"]
    # someone else looking at bob's queue sees only what they may read
    assert [r["path"] for r in cor.get("reviews?owner=bob&overdue=true").json["reviews"]] == [
        "C",
        "B",
    ]
    assert cor.get("reviews").json == {"reviews": [], "next": None}
    assert bob.get("reviews?overdue=maybe").status_code == 400
    assert bob.get("reviews?cursor=bogus").status_code == 400
    assert bob.get("reviews?limit=0").status_code == 400


def test_owner_is_told_once_per_due_date(app, wiki):
    ann, bob, _cor = wiki
    app.config["SWEEP_ALWAYS"] = True
    bob.put(
        "zones/winkels/pages/Retour/review",
        {"interval_days": 7, "due": _day(-1), "owner": "ann"},
    )

    def review_notes():
        notes = ann.get("notifications").json["notifications"]
        return [n for n in notes if n["kind"] == "review_due"]

    ann.get("reviews")  # reading the queue runs the (idempotent) due check
    ann.get("reviews")
    notes = review_notes()
    assert len(notes) == 1 and notes[0]["url"] == "/z/winkels/wiki/Retour"
    assert notes[0]["object_type"] == "page"
    # reviewed: due again in a week, nothing new now; a new past due date is a new notification
    ann.post("zones/winkels/pages/Retour/reviewed")
    ann.get("reviews")
    assert len(review_notes()) == 1
    ann.put("zones/winkels/pages/Retour/review", {"interval_days": 7, "due": _day(-3)})
    ann.get("reviews")
    assert len(review_notes()) == 2


def test_topic_reviews_belong_to_the_topic_owner(api_as):
    lea = api_as("lea")
    api_as("ole"), api_as("mo")
    lea.post("zones", {"slug": "winkels", "name": "Winkels"})
    lea.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "ole"})
    mo, ole = api_as("mo"), api_as("ole")
    assert mo.put("topics/kassa/review", {"interval_days": 90}).status_code == 403
    set_ = lea.put("topics/kassa/review", {"interval_days": 90, "due": _day(-1)})
    assert set_.status_code == 200 and set_.json["owner"] == "ole" and set_.json["type"] == "topic"
    queue = ole.get("reviews").json["reviews"]
    assert [(r["type"], r["topic"], r["overdue"]) for r in queue] == [("topic", "kassa", True)]
    assert mo.post("topics/kassa/reviewed").status_code == 403
    assert ole.post("topics/kassa/reviewed").json["overdue"] is False


def test_search_ranks_an_overdue_page_a_little_lower(wiki):
    _ann, bob, _cor = wiki
    for path in ("Kassabon_A", "Kassabon_B"):
        bob.put(
            f"zones/winkels/pages/{path}",
            {"title": path, "body": "De kassabon bewaren.", "base_revision": None},
        )
    before = [h["url"] for h in bob.get("search?q=kassabon&type=page").json["results"]]
    assert len(before) == 2
    first_path = before[0].rsplit("/", 1)[1]
    bob.put(f"zones/winkels/pages/{first_path}/review", {"interval_days": 7, "due": _day(-1)})
    after = [h["url"] for h in bob.get("search?q=kassabon&type=page").json["results"]]
    assert after == before[::-1]
    bob.post(f"zones/winkels/pages/{first_path}/reviewed")
    assert [h["url"] for h in bob.get("search?q=kassabon&type=page").json["results"]] == before
