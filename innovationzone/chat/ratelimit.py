"""How fast one person may send chat messages: a burst is fine, a sustained flood is refused.

Counted with the `limits` library (the one under Flask-Limiter), in this process's memory for
the embedded default and in Redis when IZ_MESSAGE_QUEUE is set, so that every process of a
scaled-out installation counts the same messages: a user whose sockets land on two processes
does not get twice the allowance. If Redis is briefly away the limit is not enforced rather than
refusing messages people are waiting for (the fan-out is down then anyway, and the message is
still stored and acknowledged).
"""

from __future__ import annotations

import logging
import time

import redis
from flask import current_app
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


class ChatRateLimit:
    """`burst` messages in any window of burst/rate seconds: `rate` a second sustained."""

    def __init__(self, rate: float, burst: int, storage: Storage) -> None:
        self.item = RateLimitItemPerSecond(burst, max(1, round(burst / rate)))
        self.limiter = MovingWindowRateLimiter(storage)

    def take(self, key: object) -> float:
        """Count one message: 0.0 when allowed, else the seconds until one will be."""
        identity = f"chat-send:{key}"
        try:
            if self.limiter.hit(self.item, identity):
                return 0.0
            reset = self.limiter.get_window_stats(self.item, identity).reset_time
        except (redis.RedisError, OSError) as error:
            log.warning("chat rate limit not enforced, its storage is away: %s", error)
            return 0.0
        return max(0.01, reset - time.time())


def storage_for(queue_url: str | None) -> Storage:
    """Redis when the installation is scaled out (the same Redis as the message queue)."""
    if not queue_url:
        return MemoryStorage()
    storage = storage_from_string(queue_url)
    if not isinstance(storage, Storage):  # an "async+..." URL: this limiter counts synchronously
        raise ValueError(f"IZ_MESSAGE_QUEUE needs a synchronous storage, not {queue_url!r}.")
    return storage


def chat_rate_limit() -> ChatRateLimit:
    """This app's limiter, made once (CHAT_RATE_LIMIT = (rate per second, burst))."""
    rate, burst = current_app.config.get("CHAT_RATE_LIMIT", (5.0, 10))
    limiters = current_app.extensions.setdefault("iz_chat_limiters", {})
    if (rate, burst) not in limiters:
        storage = storage_for(current_app.config.get("IZ_MESSAGE_QUEUE"))
        limiters[(rate, burst)] = ChatRateLimit(rate, burst, storage)
    return limiters[(rate, burst)]
