"""A token bucket per user: a short burst is fine, a sustained flood is refused.

Kept in process memory: sticky sessions keep a user's socket on one process, and a limit
that is per process at worst multiplies the allowance by the number of processes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBucket:
    def __init__(self, rate: float, burst: int, clock=time.monotonic) -> None:  # noqa: ANN001
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[object, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: object) -> float:
        """Spend one token: 0.0 when allowed, else the seconds until one is available."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.setdefault(key, _Bucket(float(self.burst), now))
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate
