"""The sender: turn due occurrences into ledger rows, claim them, send through the port, record the outcome.

Exactly once: a row is claimed in a transaction before sending and marked after. A claim with no outcome after
``claim_timeout`` becomes ``unconfirmed`` and is never re-sent by itself (an admin can resend it).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.delivery.schedule import due
from bot.messages import Reply
from bot.ports import (
    Clock,
    Delivery,
    DeliveryState,
    DeliveryUpdate,
    Messenger,
    SendOutcome,
    SendResult,
    Store,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
GIVE_UP_AFTER = timedelta(hours=1)
BACKOFF_SECONDS = 30.0


@dataclass(frozen=True)
class Composed:
    reply: Reply
    payload: str | None = None


class Composer(Protocol):
    def compose(self, deliveries: list[Delivery]) -> dict[int, Composed]:
        """The message for each delivery by id; a delivery left out has nothing to send any more."""
        ...

    def sent(self, items: list[tuple[Delivery, Composed]]) -> None:
        """Called after a batch with what was sent (e.g. to record the tips in the destinations' histories)."""
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


class Dispatcher:
    def __init__(
        self,
        store: Store,
        messenger: Messenger,
        clock: Clock,
        composers: Mapping[str, Composer],
        owner: str,
        *,
        batch_size: int = 500,
        concurrency: int = 32,
        claim_timeout: float = 300.0,
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
        """Leader work: a pending ledger row for every occurrence now due (existing rows are left alone)."""
        return self.store.deliveries.add_pending(due(self.store.schedules.active(), self.clock.now()))

    def expire_claims(self) -> int:
        expired = self.store.deliveries.expire_claims(self.clock.now(), self.claim_timeout)
        if expired:
            log.warning("claims expired as unconfirmed", extra={"count": expired})
            self.observer.expired(expired)
        return expired

    async def tick(self, *, lead: bool = True) -> int:
        """One round: (as leader) schedule what is due and expire stale claims, then send what is claimable."""
        if lead:
            await asyncio.to_thread(self.schedule_due)
            await asyncio.to_thread(self.expire_claims)
        return await self.deliver()

    async def deliver(self) -> int:
        """Claim and send batches until nothing is claimable (or we are stopping); return how many were sent."""
        sent = 0
        self._idle.clear()
        try:
            while not self._stopping:
                now = self.clock.now()
                batch = await asyncio.to_thread(self.store.deliveries.claim, self.owner, now, self.batch_size)
                if not batch:
                    break
                self.observer.claimed(len(batch))
                sent += await self._send_batch(batch)
        finally:
            self._idle.set()
        return sent

    def request_stop(self) -> None:
        """Take no new batches from now on."""
        self._stopping = True

    async def stop(self, grace: float = 10.0) -> int:
        """Take no new work, let the sends already started finish, then release claims that never started sending.

        Sends not yet started when stopping is requested are skipped, so the batch in flight ends quickly. If it
        does not end within ``grace`` seconds its claims stay, and expire as unconfirmed: never sent twice.
        """
        self._stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("stopping with a batch still in flight; its claims will expire as unconfirmed")
            return 0
        released = await asyncio.to_thread(self.store.deliveries.release, self.owner)
        if released:
            self.observer.released(released)
        return released

    async def _send_batch(self, batch: list[Delivery]) -> int:
        composed = await asyncio.to_thread(self._compose, batch)
        by_destination: dict[str, list[Delivery]] = defaultdict(list)
        for delivery in batch:
            by_destination[delivery.destination.key].append(delivery)
        groups = await asyncio.gather(*(self._send_paced(group, composed) for group in by_destination.values()))
        updates = [update for group in groups for update in group]
        await asyncio.to_thread(self._record, batch, composed, updates)
        return sum(1 for u in updates if u.state is DeliveryState.SENT)

    def _compose(self, batch: list[Delivery]) -> dict[int, Composed]:
        composed: dict[int, Composed] = {}
        for kind in {d.kind for d in batch}:
            composer = self.composers.get(kind)
            if composer is not None:
                composed.update(composer.compose([d for d in batch if d.kind == kind]))
        return composed

    def _record(self, batch: list[Delivery], composed: dict[int, Composed], updates: list[DeliveryUpdate]) -> None:
        """Mark the ledger first (exactly once matters most), then tell the composers what went out.

        Deliveries without an update (not started because we are stopping) stay claimed until ``stop`` releases them.
        """
        self.store.deliveries.finish(updates)
        self.observer.finished(updates)
        sent = {u.id for u in updates if u.state is DeliveryState.SENT}
        for kind, composer in self.composers.items():
            items = [(d, composed[d.id]) for d in batch if d.kind == kind and d.id in sent]
            if items:
                composer.sent(items)

    async def _send_paced(self, group: list[Delivery], composed: dict[int, Composed]) -> list[DeliveryUpdate]:
        """Sends to one destination, one after another, paced (Slack allows about one message a second).

        Once stopping is requested, sends not yet started are left out: their claims are released, not sent.
        """
        updates = []
        for index, delivery in enumerate(group):
            if index:
                await asyncio.sleep(self.pace_seconds)
            async with self._slots:
                if self._stopping:
                    break
                updates.append(await self._send_one(delivery, composed.get(delivery.id)))
        return updates

    async def _send_one(self, delivery: Delivery, composed: Composed | None) -> DeliveryUpdate:
        now = self.clock.now()
        if composed is None:
            return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, delivery.attempts, now, detail="nothing to send")
        try:
            result = await self.messenger.send(delivery.destination, composed.reply)
        except Exception as exc:  # a broken adapter must not stop the other sends
            log.exception("send raised", extra={"delivery": delivery.id})
            result = SendResult(SendOutcome.TRANSIENT, detail=type(exc).__name__)
        return self._outcome(delivery, result, composed, now)

    def _outcome(self, delivery: Delivery, result: SendResult, composed: Composed, now: datetime) -> DeliveryUpdate:
        attempts = delivery.attempts + 1
        if result.outcome is SendOutcome.SENT:
            return DeliveryUpdate(delivery.id, DeliveryState.SENT, attempts, now, payload=composed.payload)
        if result.outcome is SendOutcome.GONE:
            reason = result.detail or "the destination is gone"
            self.store.schedules.pause(delivery.kind, delivery.destination, reason)
            log.warning("destination gone; schedule paused", extra={"delivery": delivery.id})
            return DeliveryUpdate(delivery.id, DeliveryState.PAUSED, attempts, now, detail=reason)
        too_late = now - delivery.occurrence > GIVE_UP_AFTER
        if result.outcome is SendOutcome.RATE_LIMITED and not too_late:
            retry_at = now + timedelta(seconds=max(1.0, result.retry_after))
            return DeliveryUpdate(
                delivery.id, DeliveryState.RETRY, delivery.attempts, now, retry_at, detail="rate limited"
            )
        if attempts >= MAX_ATTEMPTS or too_late:
            log.warning("delivery skipped after retries", extra={"delivery": delivery.id, "attempts": attempts})
            return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, attempts, now, detail=result.detail or "gave up")
        retry_at = now + timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
        return DeliveryUpdate(delivery.id, DeliveryState.RETRY, attempts, now, retry_at, detail=result.detail)
