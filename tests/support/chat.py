"""Real chat clients for tests against a live server: python-socketio's Client over WebSocket."""

from __future__ import annotations

import threading
import time
import uuid

import requests
import socketio

from tests.conftest import PASSWORD

NS = "/chat"


def setup_team(server, members=("ann", "bob", "cur"), outsiders=("out",)) -> int:  # noqa: ANN001
    """Users, a private zone with `members` and a room in it, all through the API; the room id."""
    admin = {"Authorization": f"Bearer {server.token('admin', PASSWORD)}"}
    for name in (*members, *outsiders):
        requests.post(
            server.url + "/api/v1/users",
            json={"username": name, "password": PASSWORD},
            headers=admin,
            timeout=10,
        )
    requests.post(
        server.url + "/api/v1/zones",
        json={"slug": "kassa", "name": "Kassa", "visibility": "private"},
        headers=admin,
        timeout=10,
    )
    for name in members:
        requests.post(
            server.url + "/api/v1/zones/kassa/members",
            json={"username": name, "role": "member"},
            headers=admin,
            timeout=10,
        )
    response = requests.post(
        server.url + "/api/v1/zones/kassa/rooms",
        json={"slug": "algemeen", "name": "Algemeen"},
        headers=admin,
        timeout=10,
    )
    if response.status_code == 409:
        return requests.get(
            server.url + "/api/v1/zones/kassa/rooms", headers=admin, timeout=10
        ).json()["rooms"][0]["id"]
    response.raise_for_status()
    return response.json()["id"]


class ChatClient:
    """One user's socket; remembers every `message` it was sent, in arrival order."""

    def __init__(self, server, username: str, **connect) -> None:  # noqa: ANN001
        self.server, self.username = server, username
        self.token = server.token(username, PASSWORD)
        self.sio = socketio.Client(reconnection=False)
        self.messages: list[dict] = []
        self.arrived = threading.Condition()
        self.sio.on("message", self._on_message, namespace=NS)
        self.connect(**connect)

    def connect(
        self,
        headers: dict | None = None,
        token: str | None = None,
        transports: tuple[str, ...] = ("websocket",),
    ) -> ChatClient:
        """WebSocket by default; headers such as Origin need polling (the WebSocket library adds its own)."""
        self.sio.connect(
            self.server.url,
            namespaces=[NS],
            transports=list(transports),
            headers=headers or {},
            auth={"token": token or self.token},
            wait_timeout=10,
        )
        return self

    def _on_message(self, data: dict) -> None:
        with self.arrived:
            self.messages.append(data)
            self.arrived.notify_all()

    def call(self, event: str, data) -> dict:  # noqa: ANN001
        return self.sio.call(event, data, namespace=NS, timeout=30)

    def send(self, room_id: int, body: str, client_msg_id: str | None = None) -> dict:
        """Sends like the browser does: a rate-limited send is retried with the same client id."""
        client_msg_id = client_msg_id or uuid.uuid4().hex
        while True:
            ack = self.call(
                "send", {"room_id": room_id, "body": body, "client_msg_id": client_msg_id}
            )
            if ack.get("error") != "rate_limited":
                return ack
            time.sleep(ack["retry_after"])

    def wait_for(self, count: int, timeout: float = 30) -> list[dict]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
