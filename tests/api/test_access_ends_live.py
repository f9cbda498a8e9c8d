"""Access that ends (CONTRACT "Access that ends"), with real clients against `innovationzone serve`.

A socket that joined a room, or announced it is editing a wiki page, keeps its channel after
its user loses the right to read: these tests take the right away in each way a user can lose
it and check that the socket is told (`access_revoked`), stops receiving the room's messages,
typing and edits, and drops out of the room's presence and the page's editors.
"""

from __future__ import annotations

from itertools import count
from uuid import uuid4

import pytest
import requests

from tests.api.test_server_live import browser_session
from tests.conftest import PASSWORD
from tests.support.clients import page_csrf, submit_form
from tests.support.listener import Listener, private_room

pytestmark = pytest.mark.slow
_zones = count(1)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the live server decides its database


@pytest.fixture(scope="module")
def admin(live_server) -> dict:
    return {"Authorization": f"Bearer {live_server.token('admin', PASSWORD)}"}


@pytest.fixture
def team(live_server):
    """A new private zone with a room; its members ann and bob are in the room and editing."""
    slug = f"zone-{next(_zones)}"
    room = private_room(live_server, slug, ("ann", "bob"))
    opened: list[Listener] = []

    def connect(username: str, **credential) -> Listener:
        if not credential:
            credential = {"token": live_server.token(username, PASSWORD)}
        listener = Listener(live_server.url, **credential)
        opened.append(listener)
        assert listener.call("join", room)["ok"]
        editing = {"zone": slug, "path": "Kassa/Sluiten"}
        assert listener.call("editing", editing, namespace="/wiki")["ok"]
        return listener

    yield slug, room, connect
    for listener in opened:
        listener.close()


def _assert_cut_off(watcher: Listener, gone: Listener, room: int, stays: str, leaves: str) -> None:
    """`gone` (user `leaves`) was told and receives nothing of the room; `watcher` still does."""
    assert gone.wait_for("access_revoked", lambda d: d == {"room_id": room})
    assert gone.wait_for("access_revoked", lambda d: d["room_id"].startswith("wiki:"), "/wiki")
    watcher.wait_for("editors", lambda d: d["editors"] == [stays], "/wiki")
    watcher.wait_for("presence", lambda d: leaves not in d["online"])
    before = len(gone.events)
    sent = watcher.call("send", {"room_id": room, "body": "geheim", "client_msg_id": uuid4().hex})
    assert sent["ok"]
    watcher.call("typing", room)
    edited = watcher.call("edit", {"message_id": sent["message"]["id"], "body": "nog geheimer"})
    assert edited["ok"]
    watcher.wait_for("message_edited", lambda d: d["body"] == "nog geheimer")
    assert watcher.call("delete", {"message_id": sent["message"]["id"]})["ok"]
    watcher.wait_for("message_deleted", lambda d: d["id"] == sent["message"]["id"])
    gone.barrier(room)
    assert [e for _ns, e, _d in gone.events[before:]] == []
    refused = gone.call("join", room)
    assert refused["ok"] is False and refused["error"] == "not_found"


def test_removed_member_is_cut_off(live_server, admin, team):
    slug, room, connect = team
    ann, bob = connect("ann"), connect("bob")
    response = requests.delete(
        f"{live_server.url}/api/v1/zones/{slug}/members/bob", headers=admin, timeout=5
    )
    assert response.status_code == 204
    _assert_cut_off(ann, bob, room, "ann", "bob")


def test_member_removed_on_the_members_page_is_cut_off(live_server, team):
    slug, room, connect = team
    ann, bob = connect("ann"), connect("bob")
    admin = browser_session(live_server, "admin", PASSWORD)
    zone = f"{live_server.url}/z/{slug}"
    submit_form(admin, zone, to=f"{zone}/members/bob/remove")
    _assert_cut_off(ann, bob, room, "ann", "bob")


def test_outsider_is_cut_off_when_the_zone_is_made_private(live_server, admin, team):
    slug, room, connect = team
    zone = f"{live_server.url}/api/v1/zones/{slug}"
    requests.patch(zone, json={"visibility": "public"}, headers=admin, timeout=5)
    requests.post(
        live_server.url + "/api/v1/users",
        json={"username": "out", "password": PASSWORD},
        headers=admin,
        timeout=5,
    )
    ann, out = connect("ann"), connect("out")
    response = requests.patch(zone, json={"visibility": "private"}, headers=admin, timeout=5)
    assert response.status_code == 200
    _assert_cut_off(ann, out, room, "ann", "out")


def test_a_deleted_room_tells_its_sockets_and_takes_no_more_messages(live_server, admin, team):
    """A curator deletes the room: everyone in it is told their access ended, and a send to it
    is refused as to a room that never was."""
    _slug, room, connect = team
    ann, bob = connect("ann"), connect("bob")
    deleted = requests.delete(f"{live_server.url}/api/v1/rooms/{room}", headers=admin, timeout=5)
    assert deleted.status_code == 204
    for listener in (ann, bob):
        assert listener.wait_for("access_revoked", lambda d: d == {"room_id": room})
    refused = ann.call("send", {"room_id": room, "body": "nog iemand?", "client_msg_id": "x1"})
    assert (refused["ok"], refused["error"]) == (False, "not_found")


def test_a_member_keeps_access_when_someone_else_is_removed(live_server, admin, team):
    """The recheck takes nothing from those who still may read: bob stays, in chat and wiki."""
    slug, room, connect = team
    bob = connect("bob")
    requests.post(
        live_server.url + "/api/v1/users",
        json={"username": "cas", "password": PASSWORD},
        headers=admin,
        timeout=5,
    )
    requests.post(
        f"{live_server.url}/api/v1/zones/{slug}/members",
        json={"username": "cas"},
        headers=admin,
        timeout=5,
    ).raise_for_status()
    cas = connect("cas")
    requests.delete(
        f"{live_server.url}/api/v1/zones/{slug}/members/cas", headers=admin, timeout=5
    ).raise_for_status()
    cas.wait_for("access_revoked")
    sent = bob.call("send", {"room_id": room, "body": "nog hier", "client_msg_id": uuid4().hex})
    assert sent["ok"]
    bob.wait_for("message", lambda d: d["body"] == "nog hier")
    assert bob.got("access_revoked") == [] and bob.got("access_revoked", "/wiki") == []


@pytest.mark.parametrize("how", ["logout", "deactivate"])
def test_ending_the_sign_in_closes_chat_and_wiki_sockets(live_server, admin, team, how):
    slug, room, connect = team
    ann = connect("ann")
    session = browser_session(live_server, "bob", PASSWORD)
    bob = connect("bob", cookie=_cookie(session))
    if how == "logout":
        submit_form(session, live_server.url + "/", to=live_server.url + "/logout")
    else:
        browser = browser_session(live_server, "admin", PASSWORD)
        users = live_server.url + "/admin/users"
        submit_form(browser, users, {"active": "0"}, to=users + "/bob/active")
    for namespace in ("/chat", "/wiki"):
        assert bob.disconnected[namespace].wait(10), f"{namespace} stayed open"
    ann.wait_for("editors", lambda d: d["editors"] == ["ann"], "/wiki")
    if how == "deactivate":
        submit_form(browser, users, {"active": "1"}, to=users + "/bob/active")


def test_password_change_closes_every_other_socket_of_the_user(live_server, team):
    slug, room, connect = team
    here, elsewhere = (browser_session(live_server, "ann", PASSWORD) for _ in range(2))
    kept, closed, by_token = (
        connect("ann", cookie=_cookie(here)),
        connect("ann", cookie=_cookie(elsewhere)),
        connect("ann"),
    )
    response = here.post(
        live_server.url + "/api/v1/me/password",
        json={"current": PASSWORD, "new": "een-nieuw-wachtwoord"},
        headers={"X-CSRFToken": page_csrf(here.get(live_server.url + "/profile").text)},
    )
    assert response.status_code == 204
    for listener in (closed, by_token):
        for namespace in ("/chat", "/wiki"):
            assert listener.disconnected[namespace].wait(10), f"{namespace} stayed open"
    assert kept.call("send", {"room_id": room, "body": "nog hier", "client_msg_id": uuid4().hex})[
        "ok"
    ]
    kept.wait_for("message", lambda d: d["body"] == "nog hier")
    assert kept.sio.connected and kept.got("access_revoked") == []
    here.post(
        live_server.url + "/api/v1/me/password",
        json={"current": "een-nieuw-wachtwoord", "new": PASSWORD},
        headers={"X-CSRFToken": page_csrf(here.get(live_server.url + "/profile").text)},
    ).raise_for_status()


def _cookie(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)
