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
