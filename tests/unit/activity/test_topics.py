"""Insights: which departments contribute to which topics (counted on the topics' items, only in
zones the viewer may read) and overdue reviews per owner, drawn as SVG with a table beside."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.activity.topics import topic_matrix
from innovationzone.extensions import db
from innovationzone.reviews.services import overdue_per_owner


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _setup(api_as, make_user):
    lea = api_as("lea", department="IT")
    api_as("wim", department="Winkels")
    api_as("cor", department="Logistiek")
    lea.post("zones", {"slug": "open", "name": "Open"})
    lea.post("zones", {"slug": "dicht", "name": "Dicht", "visibility": "private"})
    lea.post("zones/dicht/members", {"username": "wim"})
    wim = api_as("wim")
    for zone, path in (("open", "Kassa"), ("dicht", "Plan")):
        wim.put(f"zones/{zone}/pages/{path}", {"title": path, "body": "x", "base_revision": None})
        lea.put(f"zones/{zone}/pages/{path}", {"title": path, "body": "y", "base_revision": 1})
    lea.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "lea"})
    for zone, path in (("open", "Kassa"), ("dicht", "Plan")):
        page_id = lea.get(f"zones/{zone}/pages/{path}").json["id"]
        lea.post("topics/kassa/items", {"type": "page", "id": page_id})
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    wim.put("zones/open/pages/Kassa/review", {"interval_days": 9, "due": yesterday})
    wim.put("zones/dicht/pages/Plan/review", {"interval_days": 9, "due": yesterday})
    return lea


def test_matrix_counts_topic_items_per_department_only_where_readable(app, api_as, make_user):
    _setup(api_as, make_user)  # API calls first: an app context held open would pin current_user
    with app.app_context():
        for_lea = topic_matrix(_user("lea"), None)
        assert [t.slug for t in for_lea.topics] == ["kassa"]
        topic = for_lea.topics[0]
        assert (for_lea.count(topic, "IT"), for_lea.count(topic, "Winkels")) == (2, 2)
        for_cor = topic_matrix(_user("cor"), None)  # outside 'dicht': only the open page counts
        assert (for_cor.count(topic, "IT"), for_cor.count(topic, "Winkels")) == (1, 1)
        assert [(u.username, n) for u, n in overdue_per_owner(_user("lea"))] == [("wim", 2)]
        assert [(u.username, n) for u, n in overdue_per_owner(_user("cor"))] == [("wim", 1)]


def test_activity_page_draws_both_charts_with_tables(api_as, make_user, browser_login):
    _setup(api_as, make_user)
    html = browser_login("cor").get("/activity").get_data(as_text=True)
    heat = html.split('id="topic-heatmap"')[1].split("</figure>")[0]
    assert "<svg" in heat and "Kassa" in heat and "<table" in heat and "Plan" not in heat
    overdue = html.split('id="overdue-chart"')[1].split("</figure>")[0]
    assert "Wim" in overdue and '<td class="num">1</td>' in overdue
    assert "<script>" not in html and "style=" not in html
