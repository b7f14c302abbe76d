"""A per-person sliding-window rate limit on messages, so one flood cannot crowd out everyone else."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)
FORGET_AFTER = 1000  # people tracked before idle ones are dropped


class RateLimiter:
    """Allows ``per_minute`` messages per person in any sliding minute; in memory, per process."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[datetime]] = {}

    def allow(self, who: str, now: datetime) -> bool:
        """Record one message from ``who`` and say whether it is within the limit (refused ones do not count)."""
        if self.per_minute <= 0:
            return True
        if len(self._seen) > FORGET_AFTER:
            self._forget_idle(now)
        times = self._seen.setdefault(who, deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True

    def retry_after(self, who: str, now: datetime) -> int:
        """Whole seconds until ``who`` may send again."""
        times = self._seen.get(who)
        if not times:
            return 0
        return max(1, int((times[0] + WINDOW - now).total_seconds()) + 1)

    def _forget_idle(self, now: datetime) -> None:
        for who in [w for w, times in self._seen.items() if not times or now - times[-1] >= WINDOW]:
            del self._seen[who]
