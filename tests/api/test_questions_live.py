"""Against the real eventlet server over Socket.IO: the assignee of a new question hears of it
live, and the asker hears of the answer, as `notification` events with the contract's kinds."""

from __future__ import annotations

import queue

import requests
import socketio

from tests.conftest import PASSWORD


def _listen(server, username: str) -> tuple[socketio.Client, queue.Queue]:  # noqa: ANN001
    arrived: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("notification", arrived.put, namespace="/chat")
    client.connect(
        server.url,
        namespaces=["/chat"],
        auth={"token": server.token(username, PASSWORD)},
        transports=["websocket"],
        wait_timeout=10,
    )
    return client, arrived


def test_assignee_and_asker_are_told_live(live_server):
    api = live_server.url + "/api/v1/"
    admin = {"Authorization": f"Bearer {live_server.token('admin', PASSWORD)}"}
    for name in ("roos", "vera"):
        requests.post(
            api + "users", json={"username": name, "password": PASSWORD}, headers=admin, timeout=10
        )
    requests.post(
        api + "zones", json={"slug": "vragen", "name": "Vragen"}, headers=admin, timeout=10
    )
    requests.post(
        api + "topics",
        json={"slug": "voorraad", "title": "Voorraad", "owner": "roos"},
        headers=admin,
        timeout=10,
    ).raise_for_status()
    roos, to_roos = _listen(live_server, "roos")
    vera, to_vera = _listen(live_server, "vera")
    try:
        as_vera = {"Authorization": f"Bearer {live_server.token('vera', PASSWORD)}"}
        asked = requests.post(
            api + "questions",
            json={"zone": "vragen", "topic": "voorraad", "title": "Telling?", "body": "Wanneer?"},
            headers=as_vera,
            timeout=10,
        ).json()
        assigned = to_roos.get(timeout=10)
        assert (assigned["kind"], assigned["object_id"], assigned["actor"]) == (
            "question_assigned",
            asked["id"],
            "vera",
        )
        as_roos = {"Authorization": f"Bearer {live_server.token('roos', PASSWORD)}"}
        requests.post(
            api + f"questions/{asked['id']}/answers",
            json={"body": "Elke maandag."},
            headers=as_roos,
            timeout=10,
        ).raise_for_status()
        answered = to_vera.get(timeout=10)
        assert (answered["kind"], answered["url"]) == (
            "question_answered",
            f"/questions/{asked['id']}",
        )
    finally:
        roos.disconnect()
        vera.disconnect()
