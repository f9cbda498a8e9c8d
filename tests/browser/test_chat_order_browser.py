"""Messages typed in quick succession are stored in the order they were typed: the client has one
`send` in flight at a time. Sent all at once, the server handles each event in its own green
thread and commits whichever wins the write lock first, so "ja" and "klopt" could swap."""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.chat import setup_team

pytestmark = pytest.mark.browser

EMIT = re.compile(r"^42/chat,(\d+)(\[.*)$", re.S)
ACK = re.compile(r"^43/chat,(\d+)")


class SendsInFlight:
    """Watches the page's Socket.IO frames: the most `send` events ever waiting for their ack."""

    def __init__(self, page) -> None:  # noqa: ANN001 - Playwright's Page
        self.waiting: set[str] = set()
        self.most = 0
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:  # noqa: ANN001 - Playwright's WebSocket
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, frame) -> None:  # noqa: ANN001 - str or bytes
        found = EMIT.match(frame if isinstance(frame, str) else "")
        if found and json.loads(found.group(2))[0] == "send":
            self.waiting.add(found.group(1))
            self.most = max(self.most, len(self.waiting))

    def _received(self, frame) -> None:  # noqa: ANN001
        found = ACK.match(frame if isinstance(frame, str) else "")
        if found:
            self.waiting.discard(found.group(1))


def _stored(server, room_id: int, prefix: str) -> list[str]:
    token = server.token("ann", PASSWORD)
    answer = requests.get(
        f"{server.url}/api/v1/rooms/{room_id}/messages?limit=100",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return [m["body"] for m in answer["messages"] if m["body"].startswith(prefix)]


def _type(page, texts: list[str]) -> None:  # noqa: ANN001
    for text in texts:
        page.fill("#chat-body", text)
        page.press("#chat-body", "Enter")


def test_quick_messages_keep_their_order_live_and_after_reconnect(live_server, new_page):
    room_id = setup_team(live_server)
    page = new_page(viewport={"width": 390, "height": 844})
    in_flight = SendsInFlight(page)
    sign_in(page, live_server.url, "ann", PASSWORD)
    page.goto(f"{live_server.url}/chat/{room_id}")
    page.wait_for_selector("#chat-status:has-text('Connected')")

    quick = [f"Snel {n}" for n in range(8)]
    _type(page, quick)
    page.wait_for_selector(".chat-message:not(.pending) .chat-body:has-text('Snel 7')")
    assert _stored(live_server, room_id, "Snel") == quick

    page.context.set_offline(True)
    page.wait_for_selector("#chat-status:has-text('Offline')", timeout=60_000)
    later = [f"Onderweg {n}" for n in range(5)]
    _type(page, later)
    page.context.set_offline(False)
    page.wait_for_selector(
        ".chat-message:not(.pending) .chat-body:has-text('Onderweg 4')", timeout=30_000
    )
    assert _stored(live_server, room_id, "Onderweg") == later
    assert page.locator(".chat-message.pending").count() == 0
    assert in_flight.most == 1
