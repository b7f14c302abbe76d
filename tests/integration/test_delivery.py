"""The delivery machinery on a real database (SQLite and PostgreSQL) with an injected clock."""

import asyncio
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.schedule import Occurrence, Schedule
from bot.digests.composer import DigestComposer
from bot.messages import Destination, Reply
from bot.ports import DeliveryState, DeliveryUpdate, FindResult, PostedTip, Presence, SendOutcome, SendResult
from tests.fakes import FixedClock, RecordingMessenger

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CHANNEL = Destination("slack", "T1", "C1")


def subscribe(store: SqlStore, destination: Destination = CHANNEL) -> Schedule:
    schedule = Schedule("digest", destination, (0,), time(9), "UTC", datetime(2026, 11, 1, tzinfo=UTC))
    store.schedules.save(schedule)
    return schedule


def dispatcher(content: Content, store: SqlStore, clock: FixedClock, messenger: RecordingMessenger, owner: str = "p1"):
    composers = {"digest": DigestComposer(content, store, clock)}
    return Dispatcher(store, messenger, clock, composers, owner, pace_seconds=0)


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def test_down_over_posting_time_posts_exactly_once_on_restart(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(hours=5))  # came back five hours late
    run(dispatcher(content, store, clock, messenger).tick())
    clock.advance(minutes=1)
    run(dispatcher(content, store, clock, messenger).tick())  # a second restart, same occurrence
    assert [d for d, _ in messenger.sent] == [CHANNEL]


def test_down_for_three_weeks_posts_once_no_backlog(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(weeks=3, hours=2))
    run(dispatcher(content, store, clock, messenger).tick())
    assert len(messenger.sent) == 1


def test_two_schedulers_on_one_database_post_once_per_occurrence(content: Content, engine: Engine) -> None:
    store_a, store_b, messenger = SqlStore(engine), SqlStore(engine), RecordingMessenger()
    for i in range(40):
        subscribe(store_a, Destination("slack", "T1", f"C{i}"))
    clock = FixedClock(MONDAY_9 + timedelta(seconds=30))
    first = dispatcher(content, store_a, clock, messenger, owner="a")
    second = dispatcher(content, store_b, clock, messenger, owner="b")

    async def both() -> None:
        await asyncio.gather(first.tick(), second.tick(), first.tick(), second.tick())

    run(both())
    destinations = [d.key for d, _ in messenger.sent]
    assert len(destinations) == 40
    assert len(set(destinations)) == 40


def test_rotation_never_repeats_a_tip_until_all_were_posted_even_across_resubscribe(
    content: Content, engine: Engine
) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    schedule = subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    headlines = []
    for week in range(len(content.tips) + 3):
        if week == 5:  # unsubscribe and subscribe again: the history belongs to the channel
            store.schedules.remove("digest", CHANNEL)
            store.schedules.save(schedule)
        run(dispatcher(content, store, clock, messenger).tick())
        headlines.append(messenger.sent[-1][1].heading)
        clock.advance(weeks=1)
    first_cycle = headlines[: len(content.tips)]
    assert len(set(first_cycle)) == len(content.tips)
    assert len(messenger.sent) == len(content.tips) + 3


def test_a_gone_destination_pauses_its_schedule(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    messenger.failures.append(SendResult(SendOutcome.GONE, detail="channel archived"))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    run(dispatcher(content, store, clock, messenger).tick())
    schedule = store.schedules.get("digest", CHANNEL)
    assert schedule is not None and schedule.paused_reason == "channel archived"
    clock.advance(weeks=1)
    run(dispatcher(content, store, clock, messenger).tick())
    assert messenger.sent == []


def test_a_rate_limited_send_is_rescheduled_not_slept_on(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    messenger.failures.append(SendResult(SendOutcome.RATE_LIMITED, retry_after=30))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    run(dispatcher(content, store, clock, messenger).tick())
    assert messenger.sent == []
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.RETRY
    clock.advance(seconds=10)
    run(dispatcher(content, store, clock, messenger).tick())
    assert messenger.sent == []  # not before retry-after
    clock.advance(seconds=25)
    run(dispatcher(content, store, clock, messenger).tick())
    assert len(messenger.sent) == 1


def test_transient_failures_retry_with_backoff_then_skip(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    messenger.failures.extend(SendResult(SendOutcome.NOT_SENT, detail="502") for _ in range(5))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    for _ in range(6):
        run(dispatcher(content, store, clock, messenger).tick())
        clock.advance(minutes=10)
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.SKIPPED
    assert last.attempts == 5
    assert messenger.sent == []


def test_a_dead_senders_claim_is_checked_then_sent_once(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    sender = dispatcher(content, store, clock, messenger)
    sender.schedule_due()
    [claimed] = store.deliveries.claim("crashed-process", clock.now(), 10)  # claimed, then the process died
    run(sender.tick())
    assert messenger.sent == []  # not before the claim is stale
    clock.advance(minutes=1)
    run(sender.tick())
    assert messenger.finds == [claimed.key]  # checked first: absent, so sent
    assert [d for d, _ in messenger.sent] == [CHANNEL]
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.SENT


def test_a_dead_senders_post_that_arrived_is_recorded_not_sent_again(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    sender = dispatcher(content, store, clock, messenger)
    sender.schedule_due()
    [claimed] = store.deliveries.claim("crashed-process", clock.now(), 10)
    messenger.keys.append(claimed.key)  # the dead process had posted it
    clock.advance(minutes=1)
    run(sender.tick())
    assert messenger.sent == []
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.SENT
    assert store.tips.posted([CHANNEL.key])[CHANNEL.key], "the tip counts as given"


def test_an_unknown_outcome_is_checked_before_any_resend(content: Content, engine: Engine) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    messenger.failures.append(SendResult(SendOutcome.UNKNOWN, detail="ServerDisconnectedError"))  # it did arrive
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    run(dispatcher(content, store, clock, messenger).tick())
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.RETRY and last.verify_since == clock.now()
    clock.advance(seconds=5)
    run(dispatcher(content, store, clock, messenger).tick())
    assert len(messenger.sent) == 1 and len(messenger.finds) == 1
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.SENT


def test_what_cannot_be_checked_is_unconfirmed_with_its_reason_until_an_admin_resends(
    content: Content, engine: Engine
) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    subscribe(store, Destination("slack", "T1", "C2"))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    sender = dispatcher(content, store, clock, messenger)
    sender.schedule_due()
    store.deliveries.claim("crashed-process", clock.now(), 10)
    messenger.findings.extend([FindResult(Presence.CANNOT_TELL, "the app lacks the channels:history scope")] * 2)
    clock.advance(minutes=1)
    run(sender.tick())
    run(sender.tick())
    assert messenger.sent == []
    assert store.deliveries.unconfirmed("slack", "T1") == 2
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.UNCONFIRMED
    assert last.detail == "could not check whether it arrived: the app lacks the channels:history scope"
    assert store.deliveries.resend_all("slack", "T2") == 0
    assert store.deliveries.resend_all("slack", "T1") == 2
    run(sender.tick())
    assert len(messenger.sent) == 2
    assert store.deliveries.unconfirmed("slack", "T1") == 0


def test_an_outcome_from_a_sender_whose_claim_was_taken_over_is_ignored(content: Content, engine: Engine) -> None:
    store = SqlStore(engine)
    subscribe(store)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    dispatcher(content, store, clock, RecordingMessenger()).schedule_due()
    [slow] = store.deliveries.claim("slow", clock.now(), 10)
    clock.advance(minutes=1)
    assert store.deliveries.expire_claims(clock.now(), 30) == 1
    [taken] = store.deliveries.claim("other", clock.now(), 10)
    assert taken.verify_since == slow.claimed_at and taken.attempts == 1
    store.deliveries.finish("slow", [DeliveryUpdate(slow.id, DeliveryState.RETRY, 1, clock.now())])
    last = store.deliveries.last("digest", CHANNEL)
    assert last is not None and last.state is DeliveryState.CLAIMED


def test_a_schedule_whose_zone_cannot_be_loaded_is_paused_and_the_others_go_out(
    content: Content, engine: Engine
) -> None:
    store, messenger = SqlStore(engine), RecordingMessenger()
    subscribe(store)
    broken = Destination("slack", "T1", "C2")
    store.schedules.save(Schedule("digest", broken, (0,), time(9), "localtime", datetime(2026, 11, 1, tzinfo=UTC)))
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    run(dispatcher(content, store, clock, messenger).tick())
    assert [d for d, _ in messenger.sent] == [CHANNEL]
    paused = store.schedules.get("digest", broken)
    assert paused is not None and paused.paused_reason == "`localtime` is not an IANA region time zone"


def test_a_reinstall_resumes_only_what_the_removal_paused(engine: Engine) -> None:
    store = SqlStore(engine)
    subscribe(store, Destination("slack", "T1", "C1"))
    subscribe(store, Destination("slack", "T1", "C2"))
    store.schedules.pause("digest", Destination("slack", "T1", "C2"), "channel archived")
    assert store.schedules.pause_workspace("slack", "T1", "the bot was removed") == 1
    assert store.schedules.resume_workspace("slack", "T1", "the bot was removed") == 1
    assert {s.destination.channel for s in store.schedules.active()} == {"C1"}


def test_a_batch_s_outcomes_its_tips_and_the_next_claim_are_written_together(content: Content, engine: Engine) -> None:
    store = SqlStore(engine)
    channels = [Destination("slack", "T1", f"C{i}") for i in range(4)]
    for channel in channels:
        subscribe(store, channel)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))
    dispatcher(content, store, clock, RecordingMessenger()).schedule_due()
    first, second = store.deliveries.claim("a", clock.now(), 2)
    sent = DeliveryUpdate(first.id, DeliveryState.SENT, 1, clock.now(), payload="0:t1")
    later = DeliveryUpdate(second.id, DeliveryState.RETRY, 1, clock.now(), clock.now() + timedelta(hours=1))
    tip = (first.destination.key, PostedTip("t1", 0))
    claimed = store.deliveries.settle("a", [sent, later], [tip], clock.now(), 25)
    assert [d.destination for d in claimed] == channels[2:], "the retry waits for its time"
    assert all(d.state is DeliveryState.CLAIMED for d in claimed)
    assert store.tips.posted([first.destination.key]) == {first.destination.key: [PostedTip("t1", 0)]}
    assert (last := store.deliveries.last("digest", channels[0])) and last.state is DeliveryState.SENT
    clock.advance(hours=2)
    [retried] = store.deliveries.settle("a", [], [], clock.now(), 25)
    assert retried.destination == channels[1] and retried.attempts == 1


def test_claims_take_the_oldest_occurrence_first(engine: Engine) -> None:
    store = SqlStore(engine)
    newer, older = subscribe(store), subscribe(store, Destination("slack", "T1", "C9"))
    week_ago = MONDAY_9 - timedelta(weeks=1)
    store.deliveries.add_pending([Occurrence(newer, MONDAY_9), Occurrence(older, week_ago)])  # older row, higher id
    claimed = store.deliveries.claim("a", MONDAY_9 + timedelta(minutes=1), 1)
    assert [d.occurrence for d in claimed] == [week_ago]


class HeldMessenger(RecordingMessenger):
    """Holds the send to one destination until released."""

    def __init__(self, held: Destination) -> None:
        super().__init__()
        self.held = held
        self.release = asyncio.Event()

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        if destination == self.held:
            await self.release.wait()
        return await super().send(destination, reply, delivery_key)


def test_an_outcome_is_recorded_while_other_sends_of_its_batch_are_in_flight(content: Content, engine: Engine) -> None:
    store, slow = SqlStore(engine), Destination("slack", "T1", "C2")
    subscribe(store)
    subscribe(store, slow)
    messenger = HeldMessenger(slow)
    clock = FixedClock(MONDAY_9 + timedelta(minutes=1))

    async def scenario() -> tuple[DeliveryState | None, DeliveryState | None]:
        tick = asyncio.create_task(dispatcher(content, store, clock, messenger).tick())
        for _ in range(1000):  # until the first outcome is in the ledger (bounded: 10 s)
            if (done := store.deliveries.last("digest", CHANNEL)) and done.state is DeliveryState.SENT:
                break
            await asyncio.sleep(0.01)
        recorded, held = store.deliveries.last("digest", CHANNEL), store.deliveries.last("digest", slow)
        messenger.release.set()
        await tick
        return recorded and recorded.state, held and held.state

    assert run(scenario()) == (DeliveryState.SENT, DeliveryState.CLAIMED)
    assert [d for d, _ in messenger.sent] == [CHANNEL, slow]
