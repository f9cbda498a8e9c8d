"""Where the chat rate limit counts: memory for one process, the message queue's Redis when
scaled out; never an async storage, which the synchronous limiter cannot call."""

from __future__ import annotations

import pytest
from limits.storage import MemoryStorage

from innovationzone.chat.ratelimit import storage_for


def test_without_a_queue_each_process_counts_in_memory():
    assert isinstance(storage_for(None), MemoryStorage)
    assert isinstance(storage_for(""), MemoryStorage)


def test_an_async_storage_url_is_refused_at_start():
    with pytest.raises(ValueError, match="synchronous"):
        storage_for("async+memory://")
