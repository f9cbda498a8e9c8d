"""State that must be the same on every process of a scaled-out installation lives in Redis: the
chat rate limit is counted once for all processes, and survives Redis being away by not being
enforced (messages are never refused for that)."""

from __future__ import annotations

import uuid

from innovationzone.chat.ratelimit import ChatRateLimit, storage_for
from tests.support.live import free_port

REDIS = "redis://127.0.0.1:6379/0"


def test_two_processes_share_one_chat_allowance():
    first = ChatRateLimit(5.0, 10, storage_for(REDIS))
    second = ChatRateLimit(5.0, 10, storage_for(REDIS))  # another process's limiter
    user = uuid.uuid4().hex
    allowed = [first.take(user) == 0.0 for _ in range(6)] + [
        second.take(user) == 0.0 for _ in range(4)
    ]
    assert all(allowed)
    wait = second.take(user)
    assert 0 < wait <= 2, "the eleventh message through the other process was not refused"
    assert first.take(user) > 0
    assert first.take(uuid.uuid4().hex) == 0.0, "another user was limited too"


def test_the_embedded_default_counts_in_memory_per_process():
    first = ChatRateLimit(5.0, 10, storage_for(None))
    second = ChatRateLimit(5.0, 10, storage_for(None))
    user = uuid.uuid4().hex
    assert all(first.take(user) == 0.0 for _ in range(10))
    assert first.take(user) > 0
    assert second.take(user) == 0.0  # separate memories: nothing shared without a queue


def test_redis_away_does_not_refuse_messages():
    away = ChatRateLimit(5.0, 10, storage_for(f"redis://127.0.0.1:{free_port()}/0"))
    assert all(away.take("ann") == 0.0 for _ in range(20))


def _stores():
    import redis

    from innovationzone.presence import RedisPresence

    client = redis.Redis.from_url(REDIS)
    first, second = (
        RedisPresence(client, "editing"),
        RedisPresence(client, "editing"),
    )  # two processes
    first.beat()
    second.beat()
    return client, first, second


def test_editors_held_by_two_processes_see_each_other():
    _client, first, second = _stores()
    room = f"wiki:1:{uuid.uuid4().hex}"
    a, b = f"sid-{uuid.uuid4().hex}", f"sid-{uuid.uuid4().hex}"  # the shared Redis outlives runs
    assert first.start(a, room, ("ann", "Ann de Vries")) is None
    assert second.start(b, room, ("bob", "Bob Jansen")) is None
    assert first.people(room) == [("ann", "Ann de Vries"), ("bob", "Bob Jansen")]
    other = f"wiki:1:{uuid.uuid4().hex}"
    assert second.start(b, other, ("bob", "Bob Jansen")) == room  # moved to another page
    assert first.people(room) == [("ann", "Ann de Vries")]
    assert first.stop(a) == room
    assert second.people(room) == []


def test_editors_of_a_dead_process_vanish():
    client, first, second = _stores()
    room = f"wiki:1:{uuid.uuid4().hex}"
    a, b = f"sid-{uuid.uuid4().hex}", f"sid-{uuid.uuid4().hex}"
    first.start(a, room, ("ann", "Ann"))
    second.start(b, room, ("bob", "Bob"))
    client.delete(f"iz:process:{second.process}")  # its heartbeat expired: it was killed
    assert first.people(room) == [("ann", "Ann")]
    assert client.hkeys(f"iz:editing:{room}") == [a.encode()]


def test_what_a_room_was_last_told_is_shared_by_the_processes():
    """An unchanged list is not sent again, whichever process told it last."""
    _client, first, second = _stores()
    room = f"room:{uuid.uuid4().hex}"
    assert first.announce(room, [("ann", "Ann")]) is True
    assert second.announce(room, [("ann", "Ann")]) is False
    assert second.announce(room, [("ann", "Ann"), ("bob", "Bob")]) is True
    assert first.announce(room, [("ann", "Ann")]) is True
