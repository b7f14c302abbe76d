"""The sender: turn due occurrences into ledger rows, claim a few, send through the port, record each outcome.

Never doubled, never stranded. A sender claims only what it can have in flight, records outcomes as they come in and
uses a claim for at most ``claim_timeout`` seconds: it starts no send after half of it and abandons a send still
running at 80 % of it (an *unknown* outcome). So a claim older than ``claim_timeout`` belongs to a sender that
stopped; the leader hands it back to be checked with ``Messenger.find`` before anything is sent again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from bot.delivery.outcomes import after_find, after_send, cannot_tell
from bot.delivery.schedule import due, unusable
from bot.messages import Reply
from bot.ports import (
    Clock,
    Delivery,
    DeliveryState,
    DeliveryUpdate,
    FindResult,
    Messenger,
    PostedTip,
    Presence,
    SendOutcome,
    SendResult,
    Store,
)

log = logging.getLogger(__name__)

BATCH_SIZE = 25  # claimed at a time: about what one sender has in flight
CLAIM_TIMEOUT = 30.0
START_WITHIN = 0.5  # of the claim timeout: sends not started by then are given back
FINISH_WITHIN = 0.8  # of the claim timeout: a send still running then is abandoned as unknown
FIND_RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class Composed:
    reply: Reply
    payload: str | None = None


class Composer(Protocol):
    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        """The message for each delivery by id; a delivery left out has nothing to send any more."""
        ...

    def given(self, items: list[tuple[Delivery, Composed]]) -> list[tuple[str, PostedTip]]:
        """The tips that these sends gave, by destination key: recorded in the tip history in the same transaction
        as the outcomes. Kinds that remember nothing beyond the ledger return []."""
        ...


class DeliveryObserver(Protocol):
    """Told what the dispatcher did (for metrics at the edge); must be quick and must not raise."""

    def claimed(self, count: int) -> None: ...

    def finished(self, updates: list[DeliveryUpdate]) -> None: ...

    def expired(self, count: int) -> None: ...

    def released(self, count: int) -> None: ...


class Unobserved:
    """The observer that ignores everything."""

    def claimed(self, count: int) -> None:
        pass

    def finished(self, updates: list[DeliveryUpdate]) -> None:
        pass

    def expired(self, count: int) -> None:
        pass

    def released(self, count: int) -> None:
        pass


Outcome = tuple[Delivery, Composed | None, DeliveryUpdate]


class _Recorder:
    """Writes a batch's outcomes as they come in, one write at a time, each taking everything that arrived meanwhile.

    Once every send of the batch has its outcome, the rest is left for ``rest``: the dispatcher writes it in the same
    transaction as its next claim, right away.
    """

    def __init__(self, write: Callable[[list[Outcome]], None], expected: int) -> None:
        self._write = write
        self._expected = expected
        self._waiting: list[Outcome] = []
        self._task: asyncio.Task[None] | None = None
        self.sent = 0

    def add(self, outcome: Outcome) -> None:
        self._waiting.append(outcome)
        self._expected -= 1
        if self._expected > 0 and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._drain())

    async def rest(self) -> list[Outcome]:
        """Wait for the write under way; return the outcomes not written yet."""
        if self._task is not None:
            await self._task
        items, self._waiting = self._waiting, []
        return items

    async def _drain(self) -> None:
        while self._waiting and self._expected > 0:
            items, self._waiting = self._waiting, []
            try:
                await asyncio.to_thread(self._write, items)
            except Exception:  # the database is away: these claims expire and are checked with find
                log.exception("recording outcomes failed", extra={"count": len(items)})
                continue
            self.sent += _sent(items)


def _sent(outcomes: list[Outcome]) -> int:
    return sum(1 for _, _, update in outcomes if update.state is DeliveryState.SENT)


class Dispatcher:
    def __init__(
        self,
        store: Store,
        messenger: Messenger,
        clock: Clock,
        composers: Mapping[str, Composer],
        owner: str,
        *,
        batch_size: int = BATCH_SIZE,
        concurrency: int = 32,
        claim_timeout: float = CLAIM_TIMEOUT,
        pace_seconds: float = 1.0,
        observer: DeliveryObserver | None = None,
    ) -> None:
        self.store = store
        self.messenger = messenger
        self.clock = clock
        self.composers = composers
        self.owner = owner
        self.batch_size = batch_size
        self.claim_timeout = claim_timeout
        self.pace_seconds = pace_seconds
        self.observer: DeliveryObserver = observer or Unobserved()
        self._slots = asyncio.Semaphore(concurrency)
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False

    def schedule_due(self) -> int:
        """Leader work: a pending ledger row for every occurrence now due (existing rows are left alone).

        A schedule whose time zone cannot be used is paused with the reason (shown in ``digest status``) first.
        """
        schedules = self.store.schedules.active()
        for schedule, reason in unusable(schedules):
            log.warning("schedule paused: unusable time zone", extra={"schedule": schedule.key})
            self.store.schedules.pause(schedule.kind, schedule.destination, reason)
        return self.store.deliveries.add_pending(due(schedules, self.clock.now()))

    def expire_claims(self) -> int:
        """Leader work: claims of senders that stopped go back to be checked with ``find`` and finished."""
        expired = self.store.deliveries.expire_claims(self.clock.now(), self.claim_timeout)
        if expired:
            log.warning("stale claims handed back for checking", extra={"count": expired})
            self.observer.expired(expired)
        return expired

    async def tick(self, *, lead: bool = True) -> int:
        """One round: (as leader) schedule what is due and expire stale claims, then send what is claimable."""
        if lead:
            await asyncio.to_thread(self.schedule_due)
            await asyncio.to_thread(self.expire_claims)
        return await self.deliver()

    async def deliver(self) -> int:
        """Claim and send batches until nothing is claimable (or we are stopping); return how many were sent.

        Each batch's last outcomes are written in one transaction with the next claim (outcomes that came in while
        sends were still running were written already), so a batch costs one commit.
        """
        loop = asyncio.get_running_loop()
        sent = 0
        self._idle.clear()
        try:
            rest: list[Outcome] = []
            while True:
                claim = 0 if self._stopping else self.batch_size
                claimed_by = loop.time()  # the claim's time limits count from before it was made
                batch, composed = await asyncio.to_thread(self._next_batch, rest, claim)
                sent += _sent(rest)
                if not batch:
                    break
                self.observer.claimed(len(batch))
                written, rest = await self._send_batch(batch, composed, claimed_by)
                sent += written
        finally:
            self._idle.set()
        return sent

    def request_stop(self) -> None:
        """Take no new batches from now on."""
        self._stopping = True

    async def stop(self, grace: float = 10.0) -> int:
        """Take no new work, let the sends already started finish, then release claims that never started sending.

        Sends not yet started when stopping is requested are skipped, so the batch in flight ends quickly. If it
        does not end within ``grace`` seconds its claims stay; the leader hands them back for checking later.
        """
        self._stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("stopping with a batch still in flight; its claims will be checked by the next leader")
            return 0
        released = await asyncio.to_thread(self.store.deliveries.release, self.owner)
        if released:
            self.observer.released(released)
        return released

    def _next_batch(self, outcomes: list[Outcome], claim: int) -> tuple[list[Delivery], dict[int, Composed]]:
        """Record ``outcomes`` and claim the next batch (one transaction), then compose it: one trip to a thread."""
        batch = self._settle(outcomes, claim)
        return batch, self._compose(batch) if batch else {}

    async def _send_batch(
        self, batch: list[Delivery], composed: dict[int, Composed], claimed_by: float
    ) -> tuple[int, list[Outcome]]:
        """Send a batch; (how many were sent and recorded, the outcomes still to record)."""
        start_by = claimed_by + self.claim_timeout * START_WITHIN
        finish_by = claimed_by + self.claim_timeout * FINISH_WITHIN
        by_destination: dict[str, list[Delivery]] = defaultdict(list)
        for delivery in batch:
            by_destination[delivery.destination.key].append(delivery)
        recorder = _Recorder(self._record, len(batch))
        await asyncio.gather(
            *(self._send_paced(group, composed, recorder, start_by, finish_by) for group in by_destination.values())
        )
        rest = await recorder.rest()
        return recorder.sent, rest

    def _compose(self, batch: list[Delivery]) -> dict[int, Composed]:
        composed: dict[int, Composed] = {}
        for kind in {d.kind for d in batch}:
            composer = self.composers.get(kind)
            if composer is not None:
                composed.update(composer.compose([d for d in batch if d.kind == kind]))
        return composed

    def _record(self, outcomes: list[Outcome]) -> None:
        """Outcomes that came in while the batch's other sends still run."""
        self._settle(outcomes, 0)

    def _settle(self, outcomes: list[Outcome], claim: int) -> list[Delivery]:
        """Mark the ledger and the tip history (one transaction, with the next claim when ``claim``), then pause
        refused schedules.

        Deliveries without an outcome (not started because we are stopping) stay claimed until ``stop`` releases them.
        """
        if not outcomes and not claim:
            return []
        updates = [update for _, _, update in outcomes]
        tips: list[tuple[str, PostedTip]] = []
        for kind, composer in self.composers.items():
            items = [
                (d, c) for d, c, u in outcomes if d.kind == kind and c is not None and u.state is DeliveryState.SENT
            ]
            if items:
                tips.extend(composer.given(items))
        batch = self.store.deliveries.settle(self.owner, updates, tips, self.clock.now(), claim)
        if updates:
            self.observer.finished(updates)
        for delivery, _, update in outcomes:
            if update.state is DeliveryState.PAUSED:
                log.warning("destination refused; schedule paused", extra={"delivery": delivery.id})
                self.store.schedules.pause(delivery.kind, delivery.destination, update.detail)
        return batch

    async def _send_paced(
        self,
        group: list[Delivery],
        composed: dict[int, Composed],
        recorder: _Recorder,
        start_by: float,
        finish_by: float,
    ) -> None:
        """Sends to one destination, one after another, paced (Slack allows about one message a second).

        Once stopping is requested, sends not yet started are left out: their claims are released, not sent. Sends
        that could not start within the claim's first half are given back (pending) for the next round.
        """
        loop = asyncio.get_running_loop()
        for index, delivery in enumerate(group):
            if index:
                await asyncio.sleep(self.pace_seconds)
            async with self._slots:
                if self._stopping:
                    break
                message = composed.get(delivery.id)
                if loop.time() > start_by:
                    back = DeliveryUpdate(
                        delivery.id,
                        DeliveryState.PENDING,
                        delivery.attempts,
                        self.clock.now(),
                        detail=delivery.detail,
                        verify_since=delivery.verify_since,
                    )
                    recorder.add((delivery, message, back))
                    continue
                recorder.add((delivery, message, await self._send_one(delivery, message, finish_by)))

    async def _send_one(self, delivery: Delivery, composed: Composed | None, finish_by: float) -> DeliveryUpdate:
        now = self.clock.now()
        if composed is None:
            return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, delivery.attempts, now, detail="nothing to send")
        sending = False
        try:
            async with asyncio.timeout_at(finish_by):
                if delivery.verify_since is not None:
                    found = await self.messenger.find(delivery.destination, delivery.key, delivery.verify_since)
                    decided = after_find(delivery, found, composed.payload, now)
                    if decided is not None:
                        return decided
                sending = True
                result = await self.messenger.send(delivery.destination, composed.reply, delivery.key)
        except Exception as exc:  # a broken adapter, or the claim's time is up: never stops the other sends
            log.warning("send or find raised", extra={"delivery": delivery.id, "error": type(exc).__name__})
            if not sending:
                failed = FindResult(Presence.CANNOT_TELL, type(exc).__name__, retry_after=FIND_RETRY_SECONDS)
                return cannot_tell(delivery, failed, now)
            result = SendResult(SendOutcome.UNKNOWN, detail=type(exc).__name__)
        return after_send(delivery, result, composed.payload, now)
