"""Repositories for schedules, the delivery ledger and tip history."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, Row, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.settle import settle_postgresql, settle_sqlite
from adapters.sql.tables import DeliveryRow, ScheduleRow, TipHistoryRow
from bot.delivery.schedule import Occurrence, Schedule
from bot.messages import Destination
from bot.ports import Delivery, DeliveryState, DeliveryUpdate, PostedTip

PENDING_COLUMNS = ("kind", "dest_key", "platform", "workspace", "channel", "user_id", "occurrence")
# PostgreSQL: the whole burst as one statement over arrays (a multi-row VALUES of thousands of parameters costs the
# driver more to parse than the server to run).
UNNEST_PENDING = text(
    "INSERT INTO deliveries"
    " (kind, dest_key, platform, workspace, channel, user_id, occurrence, state, attempts, detail)"
    " SELECT kind, dest_key, platform, workspace, channel, user_id, occurrence, 'pending', 0, ''"
    " FROM unnest(CAST(:kind AS VARCHAR[]), CAST(:dest_key AS VARCHAR[]), CAST(:platform AS VARCHAR[]),"
    " CAST(:workspace AS VARCHAR[]), CAST(:channel AS VARCHAR[]), CAST(:user_id AS VARCHAR[]),"
    " CAST(:occurrence AS TIMESTAMPTZ[]))"
    " AS t(kind, dest_key, platform, workspace, channel, user_id, occurrence)"
    " ON CONFLICT (kind, dest_key, occurrence) DO NOTHING RETURNING id"
)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in PENDING_COLUMNS}


SCHEDULE_COLUMNS = (
    ScheduleRow.kind,
    ScheduleRow.platform,
    ScheduleRow.workspace,
    ScheduleRow.channel,
    ScheduleRow.user_id,
    ScheduleRow.days,
    ScheduleRow.at,
    ScheduleRow.timezone,
    ScheduleRow.created_at,
    ScheduleRow.paused_reason,
    ScheduleRow.created_by,
)
DAYS: dict[str, tuple[int, ...]] = {}  # "0,3" -> (0, 3): a few distinct values, parsed once
TIMES: dict[str, time] = {}  # "09:00" -> 09:00


def _schedule(row: ScheduleRow | Row[Any]) -> Schedule:
    destination = (row.kind, row.platform, row.workspace, row.channel, row.user_id)
    return _schedule_of(
        (*destination, row.days, row.at, row.timezone, row.created_at, row.paused_reason, row.created_by)
    )


def _schedule_of(values: tuple[Any, ...]) -> Schedule:
    """A schedule from the values of ``SCHEDULE_COLUMNS``, in order."""
    kind, platform, workspace, channel, user_id, days, at, timezone, created_at, paused_reason, created_by = values
    if days not in DAYS:
        DAYS[days] = tuple(int(d) for d in days.split(",") if d)
    if at not in TIMES:
        hour, minute = (int(part) for part in at.split(":"))
        TIMES[at] = time(hour, minute)
    return Schedule(
        kind=kind,
        destination=Destination(platform, workspace, channel, user_id),
        days=DAYS[days],
        at=TIMES[at],
        timezone=timezone,
        created_at=created_at,
        paused_reason=paused_reason,
        created_by=created_by,
    )


class SqlSchedules:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def save(self, schedule: Schedule) -> None:
        dest = schedule.destination
        with self._sessions.begin() as session:
            row = session.scalar(select(ScheduleRow).filter_by(kind=schedule.kind, dest_key=dest.key))
            if row is None:
                row = ScheduleRow(kind=schedule.kind, dest_key=dest.key)
                session.add(row)
            row.platform, row.workspace, row.channel, row.user_id = (
                dest.platform,
                dest.workspace,
                dest.channel,
                dest.user,
            )
            row.days = ",".join(str(d) for d in schedule.days)
            row.at = f"{schedule.at:%H:%M}"
            row.timezone = schedule.timezone
            row.paused_reason = schedule.paused_reason
            row.created_by = schedule.created_by
            row.created_at = schedule.created_at

    def remove(self, kind: str, destination: Destination) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(delete(ScheduleRow).filter_by(kind=kind, dest_key=destination.key))
            return bool(getattr(result, "rowcount", 0))

    def get(self, kind: str, destination: Destination) -> Schedule | None:
        with self._sessions() as session:
            row = session.scalar(select(ScheduleRow).filter_by(kind=kind, dest_key=destination.key))
            return _schedule(row) if row else None

    def active(self) -> list[Schedule]:
        """Every unpaused schedule (read on every leader tick: plain rows, no ORM objects for thousands)."""
        query = select(*SCHEDULE_COLUMNS).where(ScheduleRow.paused_reason.is_(None)).order_by(ScheduleRow.id)
        with self._sessions() as session:
            return [_schedule_of(tuple(row)) for row in session.execute(query)]

    def in_workspace(self, platform: str, workspace: str, kind: str) -> list[Schedule]:
        with self._sessions() as session:
            rows = session.scalars(
                select(ScheduleRow)
                .filter_by(platform=platform, workspace=workspace, kind=kind)
                .order_by(ScheduleRow.id)
            )
            return [_schedule(r) for r in rows]

    def pause(self, kind: str, destination: Destination, reason: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(ScheduleRow).filter_by(kind=kind, dest_key=destination.key).values(paused_reason=reason[:200])
            )

    def pause_workspace(self, platform: str, workspace: str, reason: str) -> int:
        with self._sessions.begin() as session:
            result = session.execute(
                update(ScheduleRow)
                .filter_by(platform=platform, workspace=workspace)
                .where(ScheduleRow.paused_reason.is_(None))
                .values(paused_reason=reason[:200])
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def resume_workspace(self, platform: str, workspace: str, reason: str) -> int:
        with self._sessions.begin() as session:
            result = session.execute(
                update(ScheduleRow)
                .filter_by(platform=platform, workspace=workspace, paused_reason=reason)
                .values(paused_reason=None)
            )
            return int(getattr(result, "rowcount", 0) or 0)


UNFINISHED = (DeliveryState.PENDING, DeliveryState.RETRY, DeliveryState.CLAIMED, DeliveryState.UNCONFIRMED)


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        kind=row.kind,
        destination=Destination(row.platform, row.workspace, row.channel, row.user_id),
        occurrence=row.occurrence,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        detail=row.detail,
        verify_since=row.verify_since,
    )


class SqlDeliveryLedger:
    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self._engine = engine
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")  # same pool
        self._sessions = sessions

    def add_pending(self, occurrences: list[Occurrence]) -> int:
        if not occurrences:
            return 0
        rows = [
            {
                "kind": o.schedule.kind,
                "dest_key": o.schedule.destination.key,
                "platform": o.schedule.destination.platform,
                "workspace": o.schedule.destination.workspace,
                "channel": o.schedule.destination.channel,
                "user_id": o.schedule.destination.user,
                "occurrence": o.at,
                "state": DeliveryState.PENDING.value,
                "attempts": 0,
                "detail": "",
            }
            for o in occurrences
        ]
        if self._engine.dialect.name == "postgresql":
            with self._engine.begin() as connection:
                return len(connection.execute(UNNEST_PENDING, _columns(rows)).all())
        statement = (
            sqlite.insert(DeliveryRow)
            .on_conflict_do_nothing(index_elements=["kind", "dest_key", "occurrence"])
            .returning(DeliveryRow.id)
        )
        with self._engine.begin() as connection:  # Core "insertmanyvalues": batched multi-row INSERTs, cached SQL
            return len(connection.execute(statement, rows).all())

    def claim(self, owner: str, now: datetime, limit: int) -> list[Delivery]:
        return self.settle(owner, [], [], now, limit)

    def finish(self, owner: str, updates: list[DeliveryUpdate]) -> None:
        if updates:
            self.settle(owner, updates, [], max(u.at for u in updates), 0)

    def settle(
        self, owner: str, updates: list[DeliveryUpdate], tips: list[tuple[str, PostedTip]], now: datetime, claim: int
    ) -> list[Delivery]:
        if not updates and not tips and claim <= 0:
            return []
        if self._engine.dialect.name == "postgresql":
            with self._autocommit.connect() as connection:
                rows = settle_postgresql(connection, owner, updates, tips, now=now, claim=claim)
        else:
            with self._engine.begin() as connection:
                rows = settle_sqlite(connection, owner, updates, tips, now=now, claim=claim)
        return sorted(rows, key=lambda d: (d.occurrence, d.id))

    def expire_claims(self, now: datetime, older_than: float) -> int:
        cutoff = now - timedelta(seconds=older_than)
        with self._sessions.begin() as session:
            result = session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.state == DeliveryState.CLAIMED.value, DeliveryRow.claimed_at < cutoff)
                .values(
                    state=DeliveryState.RETRY.value,
                    retry_at=now,
                    owner=None,
                    attempts=DeliveryRow.attempts + 1,
                    verify_since=func.coalesce(DeliveryRow.verify_since, DeliveryRow.claimed_at),
                    detail="its sender stopped mid-send: checking the platform before sending again",
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def release(self, owner: str) -> int:
        with self._sessions.begin() as session:
            result = session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.state == DeliveryState.CLAIMED.value, DeliveryRow.owner == owner)
                .values(state=DeliveryState.PENDING.value, owner=None, claimed_at=None)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def resend(self, delivery_id: int, platform: str, workspace: str) -> bool:
        return self._resend(platform, workspace, DeliveryRow.id == delivery_id) > 0

    def resend_all(self, platform: str, workspace: str) -> int:
        return self._resend(platform, workspace)

    def _resend(self, platform: str, workspace: str, *where: ColumnElement[bool]) -> int:
        """An admin's decision: send again without checking (the check is what could not be done)."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(DeliveryRow)
                .filter_by(platform=platform, workspace=workspace, state=DeliveryState.UNCONFIRMED.value)
                .where(*where)
                .values(
                    state=DeliveryState.PENDING.value,
                    owner=None,
                    claimed_at=None,
                    verify_since=None,
                    detail="resent by an admin",
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def unconfirmed(self, platform: str, workspace: str) -> int:
        with self._sessions() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(DeliveryRow)
                    .filter_by(platform=platform, workspace=workspace, state=DeliveryState.UNCONFIRMED.value)
                )
                or 0
            )

    def backlog(self) -> dict[str, int]:
        """How many rows are in each unfinished state (pending, retry, claimed, unconfirmed): for metrics."""
        states = [s.value for s in UNFINISHED]
        with self._sessions() as session:
            rows = session.execute(
                select(DeliveryRow.state, func.count()).where(DeliveryRow.state.in_(states)).group_by(DeliveryRow.state)
            )
            return dict.fromkeys(states, 0) | {str(state): int(count) for state, count in rows}

    def last(self, kind: str, destination: Destination) -> Delivery | None:
        with self._sessions() as session:
            row = session.scalar(
                select(DeliveryRow)
                .filter_by(kind=kind, dest_key=destination.key)
                .order_by(DeliveryRow.occurrence.desc(), DeliveryRow.id.desc())
                .limit(1)
            )
            return _delivery(row) if row else None


POSTED = (
    select(TipHistoryRow.dest_key, TipHistoryRow.tip_id, TipHistoryRow.cycle)
    .where(TipHistoryRow.dest_key.in_(bindparam("keys", expanding=True)))
    .order_by(TipHistoryRow.id)
)


class SqlTipHistory:
    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self._engine = engine
        # PostgreSQL: reads in autocommit need no BEGIN and no ROLLBACK (SQLite would pay PRAGMAs to switch modes).
        postgresql = engine.dialect.name == "postgresql"
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT") if postgresql else engine
        self._sessions = sessions

    def posted(self, destination_keys: list[str]) -> dict[str, list[PostedTip]]:
        history: dict[str, list[PostedTip]] = {}
        with self._reads.connect() as connection:  # read once per batch: no session, no transaction to end
            for start in range(0, len(destination_keys), 500):
                rows = connection.execute(POSTED, {"keys": destination_keys[start : start + 500]})
                for key, tip_id, cycle in rows:
                    history.setdefault(key, []).append(PostedTip(tip_id, cycle))
        return history

    def record(self, entries: list[tuple[str, PostedTip]], at: datetime) -> None:
        if not entries:
            return
        rows = [{"dest_key": key, "tip_id": tip.tip_id, "cycle": tip.cycle, "posted_at": at} for key, tip in entries]
        with self._engine.begin() as connection:
            connection.execute(insert(TipHistoryRow), rows)
