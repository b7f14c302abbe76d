"""A sender's write per batch: the outcomes, the tips they gave and the next claim, committed together.

One commit per batch is what a batch costs: on SQLite a commit is a disk sync, on PostgreSQL a round trip (and the
whole write is one statement there, run in autocommit: no BEGIN, no COMMIT). Claims read the partial index
``ix_deliveries_ready``, which holds the claimable rows in claim order, so a claim reads its few rows instead of
sorting every ready one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, insert, text, update

from adapters.sql.tables import CLAIMABLE, DeliveryRow, TipHistoryRow, UTCDateTime
from bot.messages import Destination
from bot.ports import Delivery, DeliveryState, DeliveryUpdate, PostedTip

CLAIM_COLUMNS = (
    DeliveryRow.id,
    DeliveryRow.kind,
    DeliveryRow.platform,
    DeliveryRow.workspace,
    DeliveryRow.channel,
    DeliveryRow.user_id,
    DeliveryRow.occurrence,
    DeliveryRow.state,
    DeliveryRow.attempts,
    DeliveryRow.claimed_at,
    DeliveryRow.sent_at,
    DeliveryRow.detail,
    DeliveryRow.verify_since,
)
READY = f"{CLAIMABLE} AND (state = 'pending' OR retry_at <= :now)"  # literal IN: the index's own condition

# PostgreSQL: data-modifying CTEs run exactly once, whether or not the final UPDATE reads them. The finished rows are
# ours (claimed), the candidates are pending or retry: no row is touched twice. The candidates are locked and limited
# once (MATERIALIZED: as a plain IN subquery PostgreSQL may rescan LIMIT ... SKIP LOCKED per outer row, locking more).
POSTGRESQL = (
    text(
        "WITH finished AS ("
        " UPDATE deliveries AS d SET state = u.state, attempts = u.attempts, retry_at = u.retry_at,"
        " sent_at = u.sent_at, payload = u.payload, detail = u.detail, verify_since = u.verify_since"
        " FROM unnest(CAST(:ids AS INTEGER[]), CAST(:states AS VARCHAR[]), CAST(:attempts AS INTEGER[]),"
        " CAST(:retry_ats AS TIMESTAMPTZ[]), CAST(:sent_ats AS TIMESTAMPTZ[]), CAST(:payloads AS VARCHAR[]),"
        " CAST(:details AS VARCHAR[]), CAST(:verify_sinces AS TIMESTAMPTZ[]))"
        " AS u(id, state, attempts, retry_at, sent_at, payload, detail, verify_since)"
        " WHERE d.id = u.id AND d.owner = :owner AND d.state = 'claimed'"
        "), given AS ("
        " INSERT INTO tip_history (dest_key, tip_id, cycle, posted_at)"
        " SELECT dest_key, tip_id, cycle, :now FROM unnest(CAST(:tip_keys AS VARCHAR[]),"
        " CAST(:tip_ids AS VARCHAR[]), CAST(:tip_cycles AS INTEGER[])) AS g(dest_key, tip_id, cycle)"
        "), candidates AS MATERIALIZED ("
        f" SELECT id FROM deliveries WHERE {READY} ORDER BY occurrence, id LIMIT :claim FOR UPDATE SKIP LOCKED"
        ")"
        " UPDATE deliveries SET state = 'claimed', owner = :owner, claimed_at = :now"
        " FROM candidates WHERE deliveries.id = candidates.id"
        " RETURNING " + ", ".join(f"deliveries.{column.name}" for column in CLAIM_COLUMNS)
    )
    .bindparams(bindparam("now", type_=UTCDateTime()), bindparam("claim", type_=Integer()))
    .columns(*CLAIM_COLUMNS)
)

# SQLite: one statement under its single writer lock, so nothing changes between the choice and the update. The
# claim names the index (SQLite's planner, without statistics, would rather sort every ready row per claim).
SQLITE_CANDIDATES = (
    text(f"SELECT id FROM deliveries INDEXED BY ix_deliveries_ready WHERE {READY} ORDER BY occurrence, id LIMIT :claim")
    .bindparams(bindparam("now", type_=UTCDateTime()), bindparam("claim", type_=Integer()))
    .columns(id=Integer())
)
SQLITE_CLAIM = (
    update(DeliveryRow)
    .where(DeliveryRow.id.in_(SQLITE_CANDIDATES))
    .values(state=DeliveryState.CLAIMED.value, owner=bindparam("owner"), claimed_at=bindparam("now"))
    .returning(*CLAIM_COLUMNS)
)
FINISH = update(DeliveryRow).where(
    DeliveryRow.id == bindparam("b_id"),
    DeliveryRow.owner == bindparam("b_owner"),
    DeliveryRow.state == DeliveryState.CLAIMED.value,
)  # SET: the columns named in the parameters


def settle_postgresql(
    connection: Connection,
    owner: str,
    updates: list[DeliveryUpdate],
    tips: list[tuple[str, PostedTip]],
    *,
    now: datetime,
    claim: int,
) -> list[Delivery]:
    """Run on an autocommit connection: the one statement is the transaction."""
    params: dict[str, Any] = {
        "owner": owner,
        "now": now,
        "claim": max(0, claim),
        "ids": [u.id for u in updates],
        "states": [u.state.value for u in updates],
        "attempts": [u.attempts for u in updates],
        "retry_ats": [_utc(u.retry_at) for u in updates],
        "sent_ats": [_utc(u.at) if u.state is DeliveryState.SENT else None for u in updates],
        "payloads": [u.payload for u in updates],
        "details": [u.detail[:200] for u in updates],
        "verify_sinces": [_utc(u.verify_since) for u in updates],
        "tip_keys": [key for key, _ in tips],
        "tip_ids": [tip.tip_id for _, tip in tips],
        "tip_cycles": [tip.cycle for _, tip in tips],
    }
    return [_claimed(row) for row in connection.execute(POSTGRESQL, params)]


def settle_sqlite(
    connection: Connection,
    owner: str,
    updates: list[DeliveryUpdate],
    tips: list[tuple[str, PostedTip]],
    *,
    now: datetime,
    claim: int,
) -> list[Delivery]:
    """Run inside a transaction: it commits once, after the claim."""
    if updates:
        connection.execute(FINISH, [_finish_params(owner, u) for u in updates])
    if tips:
        rows = [{"dest_key": key, "tip_id": tip.tip_id, "cycle": tip.cycle, "posted_at": now} for key, tip in tips]
        connection.execute(insert(TipHistoryRow), rows)
    if claim <= 0:
        return []
    return [_claimed(row) for row in connection.execute(SQLITE_CLAIM, {"owner": owner, "now": now, "claim": claim})]


def _claimed(values: Sequence[Any]) -> Delivery:
    """A delivery from the values of ``CLAIM_COLUMNS``, in order (plain tuples: a claim is on the hot path)."""
    row_id, kind, platform, workspace, channel, user_id, occurrence, state, attempts, claimed_at, sent_at = values[:11]
    detail, verify_since = values[11:]
    where = Destination(platform, workspace, channel, user_id)
    now_in = DeliveryState(state)
    return Delivery(row_id, kind, where, occurrence, now_in, attempts, claimed_at, sent_at, detail, verify_since)


def _finish_params(owner: str, change: DeliveryUpdate) -> dict[str, Any]:
    return {
        "b_id": change.id,
        "b_owner": owner,
        "state": change.state.value,
        "attempts": change.attempts,
        "retry_at": change.retry_at,
        "sent_at": change.at if change.state is DeliveryState.SENT else None,
        "payload": change.payload,
        "detail": change.detail[:200],
        "verify_since": change.verify_since,
    }


def _utc(value: datetime | None) -> datetime | None:
    """Arrays bypass the column types: convert as ``UTCDateTime`` does (aware datetimes only)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
    return value.astimezone(UTC)
