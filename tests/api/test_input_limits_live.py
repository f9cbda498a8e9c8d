"""Input limits over a real server and a real WebSocket (the transport limit is Engine.IO's)."""

import pytest

from tests.support.chat import ChatClient, setup_team


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the live server decides its database


def test_oversized_chat_message_is_refused_by_ack_and_the_socket_stays(live_server):
    room_id = setup_team(live_server)
    ann = ChatClient(live_server, "ann")
    try:
        assert ann.call("join", room_id)["ok"]
        ack = ann.send(room_id, "x" * 200_000)
        assert ack["ok"] is False and ack["error"] == "too_large" and ack["message"]
        assert ann.sio.connected
        assert ann.send(room_id, "nog een bericht")["ok"]
        nul = ann.send(room_id, "a\x00b")
        assert nul["ok"] is False and nul["error"] == "invalid"
    finally:
        ann.close()
