"""Prometheus metrics for each role, on a registry of the process's own (never the library's global one).

The core reports through small observers (``AnswerObserver``, ``DeliveryObserver``); the ledger backlog is read from
the database when scraped (cached for a few seconds), so any scheduler shows the whole backlog.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.messages import Incoming
from bot.ports import DeliveryState, DeliveryUpdate

log = logging.getLogger(__name__)

ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BACKLOG_CACHE_SECONDS = 5.0


def new_registry() -> CollectorRegistry:
    """A registry with the process metrics (CPU, memory, open files) and nothing else yet."""
    disable_created_metrics()  # type: ignore[no-untyped-call]  # no ``*_created`` series: half the output
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    return registry


class AnswerMetrics:
    """Answers served and the time the core took to answer, by platform (the core's ``AnswerObserver``)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.served = Counter("mentor_answers", "Messages answered", ["platform"], registry=registry)
        self.latency = Histogram(
            "mentor_answer_seconds",
            "Time the core took to answer a message",
            ["platform"],
            buckets=ANSWER_BUCKETS,
            registry=registry,
        )

    def answered(self, incoming: Incoming, seconds: float) -> None:
        self.served.labels(incoming.platform).inc()
        self.latency.labels(incoming.platform).observe(seconds)


class DeliveryMetrics:
    """What this process's dispatcher did (the core's ``DeliveryObserver``)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.claimed_total = Counter("mentor_deliveries_claimed", "Deliveries claimed", registry=registry)
        self.sent = Counter("mentor_deliveries_sent", "Deliveries sent", registry=registry)
        self.failed = Counter(
            "mentor_deliveries_failed", "Sends that failed, by what happens next", ["outcome"], registry=registry
        )
        self.unconfirmed = Counter(
            "mentor_deliveries_unconfirmed", "Stale claims this leader marked unconfirmed", registry=registry
        )
        self.released_total = Counter(
            "mentor_deliveries_released", "Claims given back unsent at shutdown", registry=registry
        )
        for outcome in (DeliveryState.RETRY, DeliveryState.SKIPPED, DeliveryState.PAUSED):
            self.failed.labels(outcome.value)

    def claimed(self, count: int) -> None:
        self.claimed_total.inc(count)

    def finished(self, updates: list[DeliveryUpdate]) -> None:
        for update in updates:
            if update.state is DeliveryState.SENT:
                self.sent.inc()
            else:
                self.failed.labels(update.state.value).inc()

    def expired(self, count: int) -> None:
        self.unconfirmed.inc(count)

    def released(self, count: int) -> None:
        self.released_total.inc(count)


class LedgerBacklog(Collector):
    """``mentor_delivery_backlog{state}``: unfinished ledger rows, read from the database at scrape time."""

    def __init__(self, read: Callable[[], dict[str, int]], *, cache_seconds: float = BACKLOG_CACHE_SECONDS) -> None:
        self._read = read
        self._cache_seconds = cache_seconds
        self._cached: tuple[float, dict[str, int]] | None = None
        self._lock = threading.Lock()

    def describe(self) -> Iterable[Metric]:
        return [self._family()]  # no database read when the collector is registered

    def collect(self) -> Iterable[Metric]:
        counts = self._counts()
        if counts is None:
            return []
        family = self._family()
        for state, count in sorted(counts.items()):
            family.add_metric([state], count)
        return [family]

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily("mentor_delivery_backlog", "Unfinished ledger rows by state", labels=["state"])

    def _counts(self) -> dict[str, int] | None:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > self._cache_seconds:
                try:
                    self._cached = (now, self._read())
                except Exception as exc:  # a scrape must answer even when the database does not
                    log.warning("reading the delivery backlog failed", extra={"error": type(exc).__name__})
                    return None
            return self._cached[1]


class Leading(Protocol):
    @property
    def leading(self) -> bool: ...


def scheduler_gauges(registry: CollectorRegistry, leadership: Leading, last_tick: Callable[[], float]) -> None:
    """Leadership (1 while this process leads) and the time of the last delivery tick."""
    leader = Gauge("mentor_scheduler_leader", "1 while this process leads the schedulers", registry=registry)
    leader.set_function(lambda: 1.0 if leadership.leading else 0.0)
    tick = Gauge("mentor_scheduler_last_tick_timestamp_seconds", "When the last delivery tick began", registry=registry)
    tick.set_function(last_tick)


class GatewayStatus(Protocol):
    @property
    def shard_count(self) -> int: ...

    def connected_shards(self) -> int: ...

    def latency(self) -> float: ...


def gateway_gauges(registry: CollectorRegistry, gateway: GatewayStatus) -> None:
    """The Discord gateway connection: shards wanted, shards connected, heartbeat latency."""
    shards = Gauge("mentor_discord_shards", "Gateway shards this process runs", registry=registry)
    shards.set_function(lambda: float(gateway.shard_count))
    connected = Gauge("mentor_discord_shards_connected", "Gateway shards connected now", registry=registry)
    connected.set_function(lambda: float(gateway.connected_shards()))
    latency = Gauge("mentor_discord_latency_seconds", "Gateway heartbeat latency (NaN: none yet)", registry=registry)
    latency.set_function(gateway.latency)
