"""How Socket.IO packets are encoded (innovationzone.realtime.PacketJSON): a value encoded once
(`Encoded`, a room's latest messages in every join's ack) reaches the client as the same JSON
an ordinary value would."""

from __future__ import annotations

import json

import pytest
from socketio import packet

from innovationzone import realtime
from innovationzone.realtime import Encoded, PacketJSON

HISTORY = [
    {"id": 1, "body": 'quote " and \\ backslash', "html": "<p>é ü 漢</p>"},
    {"id": 2, "body": "", "deleted": True, "edited_at": None},
]


def test_an_encoded_value_is_sent_as_the_plain_value_would_be():
    ack = [{"ok": True, "history": Encoded(HISTORY), "online": ["ann"]}]
    plain = [{"ok": True, "history": HISTORY, "online": ["ann"]}]
    assert PacketJSON.dumps(ack, separators=(",", ":")) == json.dumps(plain, separators=(",", ":"))


def test_several_encoded_values_each_keep_their_place():
    sent = PacketJSON.dumps({"a": Encoded([1]), "b": [Encoded({"x": "y"}), 2]})
    assert json.loads(sent) == {"a": [1], "b": [{"x": "y"}, 2]}


def test_text_that_looks_like_the_placeholder_stays_text():
    # A user cannot know the per-process placeholder; if the text still held it, the value is
    # encoded the slow way rather than spliced in the wrong place.
    tricky = [realtime._MARK, Encoded(HISTORY), {"body": realtime._MARK}]
    assert json.loads(PacketJSON.dumps(tricky)) == [
        realtime._MARK,
        HISTORY,
        {"body": realtime._MARK},
    ]


def test_other_values_json_cannot_hold_still_fail():
    with pytest.raises(TypeError):
        PacketJSON.dumps({"when": {1, 2}})


def test_a_client_cannot_send_an_integer_too_large_to_parse():
    with pytest.raises(ValueError):
        PacketJSON.loads("[" + "9" * 200 + "]")


def test_a_socketio_ack_packet_round_trips(monkeypatch):
    monkeypatch.setattr(packet.Packet, "json", PacketJSON)  # as the app's SocketIO sets it
    sent = packet.Packet(packet.ACK, data=[{"history": Encoded(HISTORY)}], namespace="/chat", id=7)
    encoded = sent.encode()
    assert encoded.startswith("3/chat,7[")
    assert packet.Packet(encoded_packet=encoded).data == [{"history": HISTORY}]
