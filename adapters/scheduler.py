"""APScheduler drives the clock with one short periodic tick; the database is the source of truth."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.dispatcher import Dispatcher

log = logging.getLogger(__name__)

TICK_SECONDS = 20.0


class DeliveryScheduler:
    """Calls ``dispatcher.tick`` every few seconds on the running event loop (in-memory job store).

    ``is_leader`` is asked at the start of every tick, in a worker thread (it may query the database): only the
    leader plans due occurrences and expires stale claims; every scheduler claims and sends.
    """

    def __init__(
        self, dispatcher: Dispatcher, *, interval: float = TICK_SECONDS, is_leader: Callable[[], bool] = lambda: True
    ) -> None:
        self.dispatcher = dispatcher
        self.is_leader = is_leader
        self.interval = interval
        self.last_tick_started = 0.0  # wall-clock seconds; 0: no tick yet
        self._current: asyncio.Task[None] | None = None
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=interval),
            id="delivery-tick",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    def every(self, seconds: float, job: Callable[[], object], name: str) -> None:
        """Also run a small synchronous chore periodically (off the loop), starting now; failures are logged."""

        async def run() -> None:
            try:
                await asyncio.to_thread(job)
            except Exception:
                log.exception("periodic job failed", extra={"job": name})

        self._scheduler.add_job(
            run,
            IntervalTrigger(seconds=seconds),
            id=name,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    def start(self) -> None:
        self._scheduler.start()

    @property
    def busy(self) -> bool:
        """True while a tick runs."""
        return self._current is not None and not self._current.done()

    async def _tick(self) -> None:
        self._current = asyncio.current_task()
        self.last_tick_started = time.time()
        try:
            lead = await asyncio.to_thread(self.is_leader)
            sent = await self.dispatcher.tick(lead=lead)
            if sent:
                log.info("deliveries sent", extra={"count": sent})
        except Exception:
            log.exception("delivery tick failed")

    async def shutdown(self, grace: float = 10.0) -> None:
        """Stop ticking, let the sends in flight finish, and hand back claims that never started sending.

        Takes at most about ``grace`` seconds; claims of a batch still in flight then stay and expire unconfirmed.
        """
        deadline = asyncio.get_running_loop().time() + grace
        self.dispatcher.request_stop()
        if self._scheduler.running:
            self._scheduler.pause()
        if self.busy and self._current is not None:
            await asyncio.wait({self._current}, timeout=grace)
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        left = max(0.1, deadline - asyncio.get_running_loop().time())
        released = await self.dispatcher.stop(left)
        if released:
            log.info("claims released", extra={"count": released})
