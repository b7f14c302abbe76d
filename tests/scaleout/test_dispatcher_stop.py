"""The ledger and the dispatcher under scale-out rules, on SQLite and PostgreSQL (the ``engine`` fixture)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.schedule import Schedule
from bot.digests.composer import DigestComposer
from bot.messages import Destination, Reply
from bot.ports import DeliveryState, FindResult, Presence, SendOutcome, SendResult
from tests.fakes import FixedClock

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def subscribe(store: SqlStore, count: int) -> None:
    for i in range(count):
        destination = Destination("slack", "T1", f"C{i}")
        store.schedules.save(Schedule("digest", destination, (0,), time(9), "UTC", MONDAY_9 - timedelta(days=9)))


class GatedMessenger:
    """Every send waits for the gate; records which sends started."""

    def __init__(self) -> None:
        self.started: list[Destination] = []
        self.gate = asyncio.Event()

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        self.started.append(destination)
        await self.gate.wait()
        return SendResult(SendOutcome.DELIVERED)

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        return FindResult(Presence.ABSENT)


def test_a_claim_takes_no_more_than_the_batch(engine: Engine) -> None:
    store = SqlStore(engine)
    subscribe(store, 50)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    dispatcher = Dispatcher(store, GatedMessenger(), clock, {}, "p1")
    assert dispatcher.schedule_due() == 50
    assert dispatcher.schedule_due() == 0
    first = store.deliveries.claim("a", clock.now(), 10)
    second = store.deliveries.claim("b", clock.now(), 10)
    assert len(first) == len(second) == 10
    assert not {d.id for d in first} & {d.id for d in second}
    assert store.deliveries.backlog() == {"pending": 30, "retry": 0, "claimed": 20, "unconfirmed": 0}


@pytest.mark.asyncio
async def test_stopping_mid_batch_finishes_the_started_sends_and_releases_the_rest(
    content: Content, engine: Engine
) -> None:
    store, messenger = SqlStore(engine), GatedMessenger()
    subscribe(store, 6)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    composers = {"digest": DigestComposer(content, store, clock)}
    dispatcher = Dispatcher(store, messenger, clock, composers, "p1", concurrency=2, pace_seconds=0)
    ticking = asyncio.create_task(dispatcher.tick())
    while len(messenger.started) < 2:
        await asyncio.sleep(0.01)

    dispatcher.request_stop()
    messenger.gate.set()
    assert await ticking == 2
    assert await dispatcher.stop(grace=5) == 4
    assert len(messenger.started) == 2
    assert store.deliveries.backlog() == {"pending": 4, "retry": 0, "claimed": 0, "unconfirmed": 0}
    states = [store.deliveries.last("digest", Destination("slack", "T1", f"C{i}")) for i in range(6)]
    assert sorted(d.state for d in states if d) == [DeliveryState.PENDING] * 4 + [DeliveryState.SENT] * 2
