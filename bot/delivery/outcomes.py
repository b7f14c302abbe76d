"""What the ledger records after a send or a ``find``: pure rules, one place.

Never double, never strand: a send whose outcome is unknown is retried only after ``find`` says the message is
absent; a message found is recorded as sent; what cannot be checked ends ``unconfirmed`` with its reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.ports import Delivery, DeliveryState, DeliveryUpdate, FindResult, Presence, SendOutcome, SendResult

MAX_ATTEMPTS = 5
GIVE_UP_AFTER = timedelta(hours=1)
BACKOFF_SECONDS = 30.0  # a send that never left: 30 s, 60 s, 120 s...
VERIFY_SECONDS = 2.0  # an unknown outcome: check 2 s later, then 4 s, 8 s...
REFUSED_PAUSES = {
    SendOutcome.GONE: "the destination is gone",
    SendOutcome.FORBIDDEN: "the bot may not post there",
}


def after_send(delivery: Delivery, result: SendResult, payload: str | None, now: datetime) -> DeliveryUpdate:
    """The ledger row after one send attempt that started at ``now``."""
    attempts = delivery.attempts + 1
    too_late = now - delivery.occurrence > GIVE_UP_AFTER
    outcome, detail = result.outcome, result.detail
    if outcome is SendOutcome.DELIVERED:
        return DeliveryUpdate(delivery.id, DeliveryState.SENT, attempts, now, payload=payload, detail=detail)
    if outcome in REFUSED_PAUSES:
        reason = detail or REFUSED_PAUSES[outcome]
        return DeliveryUpdate(delivery.id, DeliveryState.PAUSED, attempts, now, detail=reason)
    if outcome is SendOutcome.INVALID:
        return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, attempts, now, detail=f"refused as invalid: {detail}")
    if outcome is SendOutcome.UNKNOWN:  # however late: checking is harmless, and finding it settles it
        if attempts >= MAX_ATTEMPTS:
            reason = f"outcome unknown after {attempts} attempt(s) ({detail}); it may have arrived"
            return DeliveryUpdate(
                delivery.id, DeliveryState.UNCONFIRMED, attempts, now, detail=reason, verify_since=now
            )
        retry_at = now + timedelta(seconds=VERIFY_SECONDS * 2 ** (attempts - 1))
        reason = f"outcome unknown ({detail}): checking before sending again"
        return DeliveryUpdate(
            delivery.id, DeliveryState.RETRY, attempts, now, retry_at, detail=reason, verify_since=now
        )
    if outcome is SendOutcome.RATE_LIMITED and not too_late:
        retry_at = now + timedelta(seconds=max(1.0, result.retry_after))
        return DeliveryUpdate(delivery.id, DeliveryState.RETRY, delivery.attempts, now, retry_at, detail="rate limited")
    if attempts >= MAX_ATTEMPTS or too_late:  # never left, or rate limited for an hour: skipped, certainly not sent
        return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, attempts, now, detail=f"gave up: {detail}")
    retry_at = now + timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
    return DeliveryUpdate(delivery.id, DeliveryState.RETRY, attempts, now, retry_at, detail=detail)


def after_find(delivery: Delivery, found: FindResult, payload: str | None, now: datetime) -> DeliveryUpdate | None:
    """The ledger row after checking an earlier attempt; None when the message is absent and may be sent."""
    if found.presence is Presence.FOUND:
        detail = "found on the platform after an unconfirmed attempt"
        return DeliveryUpdate(delivery.id, DeliveryState.SENT, delivery.attempts, now, payload=payload, detail=detail)
    if found.presence is Presence.ABSENT:
        if delivery.attempts >= MAX_ATTEMPTS:
            reason = f"not sent: gave up after {delivery.attempts} attempts"
            return DeliveryUpdate(delivery.id, DeliveryState.SKIPPED, delivery.attempts, now, detail=reason)
        return None
    return cannot_tell(delivery, found, now)


def cannot_tell(delivery: Delivery, found: FindResult, now: datetime) -> DeliveryUpdate:
    """Checking failed: ask again later when that may help (``retry_after``, for up to an hour after the uncertain
    attempt), else unconfirmed with the reason."""
    too_late = now - (delivery.verify_since or now) > GIVE_UP_AFTER
    if found.retry_after > 0 and not too_late:
        retry_at = now + timedelta(seconds=found.retry_after)
        return DeliveryUpdate(
            delivery.id,
            DeliveryState.RETRY,
            delivery.attempts,
            now,
            retry_at,
            detail=f"checking whether it arrived: {found.detail}",
            verify_since=delivery.verify_since,
        )
    return DeliveryUpdate(
        delivery.id,
        DeliveryState.UNCONFIRMED,
        delivery.attempts,
        now,
        detail=f"could not check whether it arrived: {found.detail}",
        verify_since=delivery.verify_since,
    )
