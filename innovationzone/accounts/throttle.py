"""Login throttling that protects without locking anyone out.

Failed sign-ins are counted per (account, source address) pair and per source address, never
per account alone: an attacker elsewhere can then slow down and finally block only their own
attempts, while the owner typing the right password from their own address is not refused.
For a pair, the first limit slows down (a few tries a minute), the second refuses (a cap per
hour); the address limit stops one address spraying many accounts. Counted with the `limits`
library's moving window: this process's memory for the embedded default, Redis when
IZ_MESSAGE_QUEUE is set, so every process of a scaled-out installation counts the same failures.
If Redis is briefly away, sign-in goes on unthrottled rather than refusing everyone.

Why `limits` directly and not Flask-Limiter: only the sign-in view counts, and Flask-Limiter's
before/after-request hooks ran on every request of the app (about 6 % of a cached page view's
CPU) to find that no other route declares a limit.
"""

from __future__ import annotations

import logging
import math
import time

import redis
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from innovationzone.errors import RateLimited

log = logging.getLogger(__name__)
EXTENSION = "iz_login_limiter"


def init_app(app: Flask) -> None:
    """One limiter per app, on the message queue's Redis when there is one; no request hook."""
    queue = app.config["IZ_MESSAGE_QUEUE"]
    storage = storage_from_string(queue) if queue else MemoryStorage()
    if not isinstance(storage, Storage):  # an "async+..." URL: sign-in counts synchronously
        raise ValueError(f"IZ_MESSAGE_QUEUE needs a synchronous storage, not {queue!r}.")
    app.extensions[EXTENSION] = MovingWindowRateLimiter(storage)


def reset(app: Flask) -> None:
    """Forgets every count of `app`'s throttle (a test starting over on a reused app)."""
    app.extensions[EXTENSION].storage.reset()


def _scopes(username: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    config = current_app.config["LOGIN_THROTTLE"]
    prefix = config.get("prefix", "iz")  # the strategy is used directly: Flask-Limiter adds none
    pair = (prefix, "login-pair", username[:64], address)
    return [(item, pair) for item in parse_many(config["pair"])] + [
        (item, (prefix, "login-address", address)) for item in parse_many(config["address"])
    ]


def _strategy() -> MovingWindowRateLimiter:
    return current_app.extensions[EXTENSION]


def check(username: str, address: str) -> None:
    """Raises RateLimited (429, with `retry_after` seconds) while this pair or address is over."""
    try:
        for item, keys in _scopes(username, address):
            if not _strategy().test(item, *keys):
                reset = _strategy().get_window_stats(item, *keys).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                raise RateLimited(
                    _l(
                        "Too many failed sign-in attempts. Try again in %(seconds)s seconds.",
                        seconds=wait,
                    ),
                    retry_after=wait,
                )
    except (redis.RedisError, OSError) as error:
        log.warning("login throttle not enforced, its storage is away: %s", error)


def failed(username: str, address: str) -> None:
    """Counts one failed attempt for the pair and for the address."""
    try:
        for item, keys in _scopes(username, address):
            _strategy().hit(item, *keys)
    except (redis.RedisError, OSError) as error:
        log.warning("login throttle not counting, its storage is away: %s", error)


def succeeded(username: str, address: str) -> None:
    """The right password from this address clears this pair's count (not the address's)."""
    try:
        for item, keys in _scopes(username, address):
            if keys[1] == "login-pair":
                _strategy().clear(item, *keys)
    except (redis.RedisError, OSError) as error:
        log.warning("login throttle not cleared, its storage is away: %s", error)
