"""A token bucket per key (a workspace): how many platform checks may still be made now."""

from __future__ import annotations

import time
from collections.abc import Callable


class Budget:
    """``per_minute`` calls a minute per key, in bursts of up to ``per_minute``; 0 allows none."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)

    def take(self, key: str) -> bool:
        """Spend one call for ``key`` if one is left."""
        tokens = self._tokens(key)
        if tokens < 1:
            return False
        self._buckets[key] = (tokens - 1, self._clock())
        return True

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a call left (0 when it has one now)."""
        if self.per_minute <= 0:
            return 0.0
        return max(0.0, (1 - self._tokens(key)) * 60 / self.per_minute)

    def _tokens(self, key: str) -> float:
        now = self._clock()
        tokens, then = self._buckets.get(key, (self.per_minute, now))
        tokens = min(self.per_minute, tokens + (now - then) * self.per_minute / 60)
        self._buckets[key] = (tokens, now)
        return tokens
