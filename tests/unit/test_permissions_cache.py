"""Permission answers are kept for one transaction, and must never outlive the truth: a removed
member or a zone made private is refused at once, in the same request and the next one."""

from __future__ import annotations

import pytest

from innovationzone.accounts.models import User
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.permissions import READ, access_zone, can
from innovationzone.zones.services import add_member, create_zone, remove_member, update_zone


def _users(make_user, *names):
    ids = [make_user(name) for name in names]
    return [db.session.get(User, user_id) for user_id in ids]


def test_removed_member_loses_access_within_the_same_request(ctx, make_user):
    cur, mem = _users(make_user, "cur", "mem")
    zone = create_zone(cur, {"slug": "closed", "name": "Closed", "visibility": "private"})
    add_member(cur, "closed", {"username": "mem"})
    assert can(mem, READ, zone) and access_zone(mem, "closed") is not None
    remove_member(cur, "closed", "mem")
    assert not can(mem, READ, zone)
    with pytest.raises(NotFound):
        access_zone(mem, "closed")


def test_a_zone_made_private_is_closed_to_visitors_at_once(ctx, make_user):
    cur, out = _users(make_user, "cur", "out")
    zone = create_zone(cur, {"slug": "open", "name": "Open", "visibility": "public"})
    assert can(out, READ, zone)
    update_zone(cur, "open", {"name": "Open", "visibility": "private"})
    assert not can(out, READ, zone)


def test_removed_member_gets_404_on_the_very_next_request(browser_login, api_as):
    cur, mem = api_as("cur"), browser_login("mem")
    assert (
        cur.post("zones", {"slug": "closed", "name": "Closed", "visibility": "private"}).status_code
        == 201
    )
    assert cur.post("zones/closed/members", {"username": "mem"}).status_code in (200, 201)
    assert (
        cur.put(
            "zones/closed/pages/Plan", {"title": "Plan", "body": "Geheim", "base_revision": None}
        ).status_code
        == 201
    )
    assert mem.get("/z/closed/wiki/Plan").status_code == 200
    assert cur.delete("zones/closed/members/mem").status_code in (200, 204)
    assert mem.get("/z/closed/wiki/Plan").status_code == 404
    assert mem.get("/z/closed/wiki").status_code == 404
