"""``/healthz`` for each role: named checks, each a quick function with no blocking I/O."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    ok: bool
    detail: str = ""


Check = Callable[[], Status]


class Health:
    """The checks of one process; healthy when every check is."""

    def __init__(self, role: str) -> None:
        self.role = role
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    def report(self) -> tuple[bool, dict[str, object]]:
        results = {name: check() for name, check in self._checks.items()}
        ok = all(status.ok for status in results.values())
        checks = {name: {"ok": s.ok, "detail": s.detail} for name, s in results.items()}
        return ok, {"ok": ok, "role": self.role, "checks": checks}


def serving() -> Status:
    """The web role: answering this request is the check (a database outage must not take every web down)."""
    return Status(True, "serving")


@dataclass
class TickFreshness:
    """A scheduler is healthy while a tick runs or the last one began recently (it ticks every ``interval``)."""

    last_started: Callable[[], float]
    busy: Callable[[], bool]
    interval: float
    started_at: float

    def __call__(self) -> Status:
        now = time.time()
        allowed = max(3 * self.interval, 60.0)
        since = now - (self.last_started() or self.started_at)
        if self.busy():
            return Status(True, "a tick is running")
        if since <= allowed:
            return Status(True, f"last tick {since:.0f} s ago")
        return Status(False, f"no tick for {since:.0f} s")
