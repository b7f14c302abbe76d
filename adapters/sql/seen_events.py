"""Deduplication of platform events by id, shared by every process on the same database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters.sql.tables import SeenEventRow


class SeenEvents:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine

    def first_time(self, key: str, now: datetime) -> bool:
        """Record ``key``; True only for the first caller, in any process."""
        try:
            with Session(self._engine) as session, session.begin():
                session.add(SeenEventRow(key=key[:200], seen_at=now))
        except IntegrityError:
            return False
        return True

    def prune(self, older_than: datetime | timedelta, now: datetime) -> int:
        """Forget events seen before a cut-off (a day is plenty: platforms retry within minutes)."""
        cutoff = now - older_than if isinstance(older_than, timedelta) else older_than
        with Session(self._engine) as session, session.begin():
            result = session.execute(delete(SeenEventRow).where(SeenEventRow.seen_at < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)
