"""A real Socket.IO client on both namespaces that remembers every event it is sent, in order.

For tests of what a socket stops receiving: wait for an event with `wait_for`, and prove an
absence with `barrier` (a round trip on the same connection: anything the server sent before
answering has arrived by then).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests
import socketio

NAMESPACES = ("/chat", "/wiki")


class Listener:
    def __init__(self, url: str, *, token: str | None = None, cookie: str | None = None) -> None:
        self.events: list[tuple[str, str, object]] = []  # (namespace, event, data)
        self.disconnected = {ns: threading.Event() for ns in NAMESPACES}
        self.changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        for namespace in NAMESPACES:
            self.sio.on("*", self._recorder(namespace), namespace=namespace)
            done = self.disconnected[namespace]
            self.sio.on("disconnect", lambda *_reason, done=done: done.set(), namespace=namespace)
        self.sio.connect(
            url,
            namespaces=list(NAMESPACES),
            transports=["websocket"],
            auth={"token": token} if token else None,
            headers={"Cookie": cookie} if cookie else {},
            wait_timeout=10,
        )

    def _recorder(self, namespace: str) -> Callable[..., None]:
        def record(event: str, data: object = None) -> None:
            with self.changed:
                self.events.append((namespace, event, data))
                self.changed.notify_all()

        return record

    def call(self, event: str, data: object, namespace: str = "/chat") -> dict:
        return self.sio.call(event, data, namespace=namespace, timeout=30)

    def got(self, event: str, namespace: str = "/chat") -> list:
        with self.changed:
            return [d for ns, e, d in self.events if ns == namespace and e == event]

    def wait_for(
        self, event: str, test: Callable[[object], bool] = bool, namespace: str = "/chat"
    ) -> object:
        """The first `event` whose data passes `test`; fails after 10 s (the server never sent it)."""

        def found() -> list:
            return [d for d in self.got(event, namespace) if test(d)]

        with self.changed:
            assert self.changed.wait_for(found, 10), f"no {event} on {namespace}: {self.events}"
            return found()[0]

    def barrier(self, room_id: int) -> None:
        """A round trip on /chat; the server answers after everything it sent earlier."""
        self.call("read", {"room_id": room_id, "seq": 0})

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def private_room(server, slug: str, members: tuple[str, ...]) -> int:  # noqa: ANN001
    """Through the API as admin: `members` (created when new) in a new private zone `slug`
    with a room `team`; answers the room's id."""
    from tests.conftest import PASSWORD

    admin = {"Authorization": f"Bearer {server.token('admin', PASSWORD)}"}
    api = server.url + "/api/v1"

    def post(path: str, body: dict) -> requests.Response:
        return requests.post(api + path, json=body, headers=admin, timeout=5)

    for name in members:
        post("/users", {"username": name, "password": PASSWORD})  # 409 when they exist
    post("/zones", {"slug": slug, "name": slug, "visibility": "private"}).raise_for_status()
    for name in members:
        post(f"/zones/{slug}/members", {"username": name}).raise_for_status()
    room = post(f"/zones/{slug}/rooms", {"slug": "team", "name": "Team"})
    room.raise_for_status()
    return room.json()["id"]
