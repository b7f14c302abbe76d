"""Slack assistant-pane threads in the database: the context Bolt saves and finds, and the thread's title flag."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters.sql.tables import AssistantThreadRow

PLATFORM = "slack"


@dataclass(frozen=True)
class AssistantThread:
    workspace: str
    user: str
    context: dict[str, str]
    titled: bool


class AssistantThreads:
    """One row per assistant thread, keyed by its DM channel and thread ``ts``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def started(
        self, channel: str, thread_ts: str, *, workspace: str, user: str, context: dict[str, Any], now: datetime
    ) -> None:
        """Record a thread the person just opened (again: a repeated event keeps the row and its title flag)."""
        row = AssistantThreadRow(
            channel=channel,
            thread_ts=thread_ts,
            platform=PLATFORM,
            workspace=workspace,
            user_id=user,
            context_json=_dump(context),
            titled=0,
            updated_at=now,
        )
        try:
            with Session(self._engine) as session, session.begin():
                session.add(row)
        except IntegrityError:
            self.save_context(channel, thread_ts, context, now)

    def save_context(self, channel: str, thread_ts: str, context: dict[str, Any], now: datetime) -> bool:
        """The channel the person is now viewing; False when the thread is unknown (nothing is stored then)."""
        query = (
            update(AssistantThreadRow)
            .where(AssistantThreadRow.channel == channel, AssistantThreadRow.thread_ts == thread_ts)
            .values(context_json=_dump(context), updated_at=now)
        )
        with Session(self._engine) as session, session.begin():
            return bool(getattr(session.execute(query), "rowcount", 0))

    def find(self, channel: str, thread_ts: str) -> AssistantThread | None:
        query = select(AssistantThreadRow).filter_by(channel=channel, thread_ts=thread_ts)
        with Session(self._engine) as session:
            row = session.scalars(query).first()
            if row is None:
                return None
            return AssistantThread(row.workspace, row.user_id, _load(row.context_json), bool(row.titled))

    def claim_title(self, channel: str, thread_ts: str, now: datetime) -> bool:
        """True exactly once per known thread: the caller sets the title from this (first) question."""
        query = (
            update(AssistantThreadRow)
            .where(
                AssistantThreadRow.channel == channel,
                AssistantThreadRow.thread_ts == thread_ts,
                AssistantThreadRow.titled == 0,
            )
            .values(titled=1, updated_at=now)
        )
        with Session(self._engine) as session, session.begin():
            return bool(getattr(session.execute(query), "rowcount", 0))

    def prune(self, older_than: timedelta, now: datetime) -> int:
        """Forget threads untouched for ``older_than`` (a later message there is then answered as a plain DM)."""
        with Session(self._engine) as session, session.begin():
            result = session.execute(delete(AssistantThreadRow).where(AssistantThreadRow.updated_at < now - older_than))
            return int(getattr(result, "rowcount", 0) or 0)


def _dump(context: dict[str, Any]) -> str:
    return json.dumps({str(k): str(v) for k, v in context.items() if v is not None}, sort_keys=True)


def _load(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
