"""The scheduler role: the delivery scheduler, its leadership, retention, and their health and metrics."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from datetime import timedelta

from adapters.bootstrap import App
from adapters.clock import SystemClock
from adapters.leader import Leadership, leadership_for
from adapters.scheduler import DeliveryScheduler
from adapters.sql.assistant_threads import AssistantThreads
from adapters.sql.seen_events import SeenEvents
from adapters.sql.slack_tables import prune_oauth_states
from adapters.telemetry import Status, Telemetry
from adapters.telemetry.health import TickFreshness
from adapters.telemetry.metrics import DeliveryMetrics, LedgerBacklog, scheduler_gauges
from bot.delivery.dispatcher import Dispatcher
from bot.ports import Messenger

log = logging.getLogger(__name__)

MAINTENANCE_SECONDS = 6 * 3600
RELEASE_RESERVE_SECONDS = 2.0  # of the grace period, kept for giving up leadership after the sends stop


def process_owner() -> str:
    """A name for this process in the ledger's claims (and in ``pg_stat_activity`` while it leads)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def prune(app: App) -> None:
    """Retention: questions older than the configured period, event ids seen over a day ago, expired OAuth states,
    assistant-pane threads untouched for as long as questions are kept."""
    now = SystemClock().now()
    kept = timedelta(days=app.settings.mentor_question_retention_days)
    questions = app.store.questions.prune(now - kept)
    events = SeenEvents(app.store.engine).prune(timedelta(days=1), now)
    states = prune_oauth_states(app.store.engine, now)
    threads = AssistantThreads(app.store.engine).prune(kept, now)
    extra = {"questions": questions, "events": events, "oauth_states": states, "assistant_threads": threads}
    log.info("retention pruned", extra=extra)


class SchedulerPart:
    """Ticks the dispatcher; leads when it holds the leader lock; stops within a grace period."""

    def __init__(self, app: App, messenger: Messenger, telemetry: Telemetry) -> None:
        settings = app.settings
        self.owner = process_owner()
        self.leadership: Leadership = leadership_for(app.store.engine, self.owner)
        self.dispatcher = Dispatcher(
            app.store,
            messenger,
            SystemClock(),
            app.mentor.composers(),
            self.owner,
            batch_size=settings.mentor_delivery_batch_size,
            claim_timeout=settings.claim_timeout,
            observer=DeliveryMetrics(telemetry.registry),
        )
        self.scheduler = DeliveryScheduler(
            self.dispatcher, interval=settings.mentor_tick_seconds, is_leader=self.leadership.check
        )
        self.scheduler.every(MAINTENANCE_SECONDS, lambda: prune(app), "retention")
        self._register(app, telemetry)

    def _register(self, app: App, telemetry: Telemetry) -> None:
        telemetry.registry.register(LedgerBacklog(app.store.deliveries.backlog))
        scheduler_gauges(telemetry.registry, self.leadership, lambda: self.scheduler.last_tick_started)
        telemetry.health.add(
            "scheduler",
            TickFreshness(
                lambda: self.scheduler.last_tick_started,
                lambda: self.scheduler.busy,
                self.scheduler.interval,
                started_at=time.time(),
            ),
        )
        telemetry.health.add("leader", lambda: Status(True, "leading" if self.leadership.leading else "following"))

    def start(self) -> None:
        self.scheduler.start()
        log.info("scheduler started", extra={"owner": self.owner, "tick": self.scheduler.interval})

    async def stop(self, grace: float) -> None:
        """Stop taking work, finish or release the claims in flight, then give up leadership and its connection."""
        try:
            await self.scheduler.shutdown(max(0.5, grace - RELEASE_RESERVE_SECONDS))
        finally:
            await asyncio.to_thread(self.leadership.release)
