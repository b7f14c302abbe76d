"""Metrics and health without a network: observers, the backlog collector, the endpoints' answers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from prometheus_client import generate_latest
from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from adapters.telemetry import Status, Telemetry, serve_endpoints
from adapters.telemetry.health import TickFreshness
from adapters.telemetry.metrics import AnswerMetrics, DeliveryMetrics, LedgerBacklog
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.digests.composer import DigestComposer
from bot.mentor import Mentor
from bot.messages import Incoming
from bot.ports import SendOutcome, SendResult
from tests.fakes import FixedClock, RecordingMessenger
from tests.scaleout.fleet import free_port
from tests.scaleout.test_dispatcher_stop import MONDAY_9, subscribe


def value(telemetry: Telemetry, name: str, labels: dict[str, str] | None = None) -> float | None:
    return telemetry.registry.get_sample_value(name, labels or {})


def test_answers_are_counted_and_timed_by_platform(mentor: Mentor) -> None:
    telemetry = Telemetry("web")
    mentor.observer = AnswerMetrics(telemetry.registry)
    mentor.handle(Incoming("slack", "T1", "C1", "U1", "what is caching"))
    mentor.handle(Incoming("discord", "G1", "C1", "U1", "help"))
    assert value(telemetry, "mentor_answers_total", {"platform": "slack"}) == 1
    assert value(telemetry, "mentor_answer_seconds_count", {"platform": "discord"}) == 1


def test_deliveries_and_the_backlog_are_reported(content: Content, engine: Engine) -> None:
    store, messenger, telemetry = SqlStore(engine), RecordingMessenger(), Telemetry("scheduler")
    subscribe(store, 3)
    messenger.failures.append(SendResult(SendOutcome.NOT_SENT, detail="502"))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    composers = {"digest": DigestComposer(content, store, clock)}
    observer = DeliveryMetrics(telemetry.registry)
    telemetry.registry.register(LedgerBacklog(store.deliveries.backlog, cache_seconds=0))
    asyncio.run(Dispatcher(store, messenger, clock, composers, "p1", pace_seconds=0, observer=observer).tick())
    assert value(telemetry, "mentor_deliveries_claimed_total") == 3
    assert value(telemetry, "mentor_deliveries_sent_total") == 2
    assert value(telemetry, "mentor_deliveries_failed_total", {"outcome": "retry"}) == 1
    assert value(telemetry, "mentor_delivery_backlog", {"state": "retry"}) == 1
    assert value(telemetry, "mentor_delivery_backlog", {"state": "pending"}) == 0


def test_a_failing_backlog_read_leaves_the_rest_of_the_scrape_intact() -> None:
    telemetry = Telemetry("scheduler")

    def broken() -> dict[str, int]:
        raise OSError("database down")

    telemetry.registry.register(LedgerBacklog(broken))
    assert b"process_cpu_seconds_total" in generate_latest(telemetry.registry)
    assert b"mentor_delivery_backlog{" not in generate_latest(telemetry.registry)


def test_a_scheduler_is_healthy_while_it_ticks_and_unhealthy_when_it_stalls() -> None:
    now = datetime.now(UTC).timestamp()
    fresh = TickFreshness(lambda: now - 5, lambda: False, interval=20, started_at=now - 600)
    stalled = TickFreshness(lambda: now - 300, lambda: False, interval=20, started_at=now - 600)
    busy = TickFreshness(lambda: now - 300, lambda: True, interval=20, started_at=now - 600)
    starting = TickFreshness(lambda: 0.0, lambda: False, interval=20, started_at=now - 1)
    assert fresh().ok and busy().ok and starting().ok
    assert not stalled().ok


@pytest.mark.asyncio
async def test_the_endpoints_answer_503_while_a_check_fails() -> None:
    telemetry, healthy = Telemetry("scheduler"), [True]
    telemetry.health.add("scheduler", lambda: Status(healthy[0], "detail"))
    port = free_port()
    serving = asyncio.create_task(serve_endpoints(telemetry.routes(), port, host="127.0.0.1"))
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        assert response.status == 200
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.02)
            healthy[0] = False
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 503
                assert (await response.json())["checks"]["scheduler"] == {"ok": False, "detail": "detail"}
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.headers["Content-Type"].startswith("text/plain")
                assert "process_cpu_seconds_total" in await response.text()
    finally:
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving
