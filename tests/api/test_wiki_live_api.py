"""'X is editing' over the /wiki Socket.IO namespace, with the permission checked per event."""

from __future__ import annotations

from innovationzone.extensions import socketio
from tests.conftest import PASSWORD


def _socket(app, client, username):
    response = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    return socketio.test_client(app, namespace="/wiki", auth={"token": response.json["token"]})


def _editors_events(sock):
    return [
        event["args"][0]["editors"]
        for event in sock.get_received("/wiki")
        if event["name"] == "editors"
    ]


def test_editors_see_each_other_and_leaving_is_announced(app, client, api_as):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    api_as("bob")
    ann, bob = _socket(app, client, "ann"), _socket(app, client, "bob")
    ack = ann.emit(
        "editing", {"zone": "winkels", "path": "Retourproces"}, namespace="/wiki", callback=True
    )
    assert ack["ok"] is True and ack["me"] == "ann" and ack["editors"] == ["ann"]
    ack = bob.emit(
        "editing", {"zone": "winkels", "path": "Retourproces"}, namespace="/wiki", callback=True
    )
    assert ack["editors"] == ["ann", "bob"]
    assert _editors_events(ann)[-1] == ["ann", "bob"]
    # display names for the page ("Bob Bakker is editing"), the username for a hover title
    assert ack["people"] == [
        {"username": "ann", "display_name": "Ann"},
        {"username": "bob", "display_name": "Bob"},
    ]
    bob.disconnect(namespace="/wiki")
    assert _editors_events(ann)[-1] == ["ann"]
    ann.disconnect(namespace="/wiki")


def test_private_zone_presence_is_refused_to_outsiders(app, client, api_as):
    api_as("ann").post("zones", {"slug": "geheim", "name": "Geheim", "visibility": "private"})
    api_as("olaf")
    olaf = _socket(app, client, "olaf")
    ack = olaf.emit("editing", {"zone": "geheim", "path": "Plan"}, namespace="/wiki", callback=True)
    assert ack["ok"] is False and ack["error"] == "not_found"
    ack = olaf.emit("editing", {"zone": 5, "path": None}, namespace="/wiki", callback=True)
    assert ack["ok"] is False
    olaf.disconnect(namespace="/wiki")


def test_connection_without_credentials_is_refused(app):
    sock = socketio.test_client(app, namespace="/wiki")
    assert not sock.is_connected(namespace="/wiki")
