"""A short real-time smoke test: APScheduler ticks, the dispatcher delivers, shutdown releases cleanly."""

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import Engine

from adapters.clock import SystemClock
from adapters.scheduler import DeliveryScheduler
from adapters.sql.store import SqlStore
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.schedule import Schedule
from bot.digests.composer import DigestComposer
from bot.messages import Destination
from tests.fakes import RecordingMessenger


@pytest.mark.asyncio
async def test_the_scheduler_ticks_and_delivers_a_due_digest(content: Content, engine: Engine) -> None:
    store, clock, messenger = SqlStore(engine), SystemClock(), RecordingMessenger()
    now = clock.now()
    every_day = tuple(range(7))
    due_time = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    if due_time > now.time():  # just after midnight: yesterday's slot
        due_time = time(0, 0)
    store.schedules.save(
        Schedule(
            "digest", Destination("console", "local", "console"), every_day, due_time, "UTC", now - timedelta(days=2)
        )
    )
    composers = {"digest": DigestComposer(content, store, clock)}
    scheduler = DeliveryScheduler(Dispatcher(store, messenger, clock, composers, "smoke"), interval=0.2)
    scheduler.start()
    try:
        for _ in range(50):
            if messenger.sent:
                break
            await asyncio.sleep(0.1)
    finally:
        await scheduler.shutdown(grace=2)
    assert len(messenger.sent) == 1
    assert messenger.sent[0][1].heading.startswith("Concept before tool")
    assert datetime.now(UTC) - now < timedelta(seconds=10)
