"""A per-person sliding-window rate limit that calms a flood: one friendly warning, then silence until it reopens."""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)
FORGET_AFTER = 1000  # people tracked before idle ones are dropped


@dataclass(frozen=True)
class Verdict:
    """``allowed``; else ``warn`` says whether this refusal is the first of its window (the only one answered)."""

    allowed: bool
    warn: bool = False
    retry_after: int = 0  # whole seconds until the window reopens (refusals only)


ALLOWED = Verdict(True)


class RateLimiter:
    """Allows ``per_minute`` messages per person in any sliding minute; in memory, per process.

    The first refused message of a window gets a warning; the rest of that window's refusals get none, so a script
    sending hundreds of messages gets one reply instead of hundreds.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[datetime]] = {}
        self._warned_until: dict[str, datetime] = {}
        self._lock = threading.Lock()  # adapters answer from several worker threads at once

    def check(self, who: str, now: datetime) -> Verdict:
        """Record one message from ``who`` and judge it (refused ones do not count). Thread-safe."""
        if self.per_minute <= 0:
            return ALLOWED
        with self._lock:
            return self._check(who, now)

    def _check(self, who: str, now: datetime) -> Verdict:
        if len(self._seen) > FORGET_AFTER:
            self._forget_idle(now)
        times = self._seen.setdefault(who, deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned_until.pop(who, None)
            return ALLOWED
        reopens = times[0] + WINDOW
        wait = max(1, math.ceil((reopens - now).total_seconds()))
        if self._warned_until.get(who, now) > now:
            return Verdict(False, warn=False, retry_after=wait)
        self._warned_until[who] = reopens
        return Verdict(False, warn=True, retry_after=wait)

    def _forget_idle(self, now: datetime) -> None:
        for who in [w for w, times in self._seen.items() if not times or now - times[-1] >= WINDOW]:
            del self._seen[who]
            self._warned_until.pop(who, None)


def wait_words(seconds: int) -> str:
    """``in 40 seconds``, ``in 1 second``, ``in a minute``: never "1 seconds"."""
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return "in a minute" if minutes == 1 else f"in {minutes} minutes"
    return "in 1 second" if seconds <= 1 else f"in {seconds} seconds"
