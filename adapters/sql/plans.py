"""Repositories for plans, plan progress and the assessment conversation."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.tables import ConversationRow, PlanProgressRow, PlanRow
from bot.ports import StoredPlan


def _user_of(user_key: str) -> tuple[str, str]:
    """(platform, user id) from a DM destination key such as ``slack:T1:u:U1``."""
    platform, _, rest = user_key.partition(":")
    return platform, rest.rsplit(":u:", 1)[-1]


class SqlPlans:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, user_key: str) -> StoredPlan | None:
        with self._sessions() as session:
            row = session.get(PlanRow, user_key)
            if row is None:
                return None
            progress = session.execute(
                select(PlanProgressRow.topic_id, PlanProgressRow.state).filter_by(user_key=user_key)
            )
            return StoredPlan(json.loads(row.plan_json), {topic: state for topic, state in progress}, row.created_at)

    def save(self, user_key: str, plan: dict[str, Any], created_at: datetime) -> None:
        platform, user_id = _user_of(user_key)
        with self._sessions.begin() as session:
            session.execute(delete(PlanProgressRow).filter_by(user_key=user_key))
            session.merge(
                PlanRow(
                    user_key=user_key,
                    platform=platform,
                    user_id=user_id,
                    plan_json=json.dumps(plan),
                    created_at=created_at,
                )
            )

    def update(self, user_key: str, plan: dict[str, Any]) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(update(PlanRow).filter_by(user_key=user_key).values(plan_json=json.dumps(plan)))
            return bool(getattr(result, "rowcount", 0))

    def mark(self, user_key: str, topic_id: str, state: str, at: datetime) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(PlanProgressRow).filter_by(user_key=user_key, topic_id=topic_id))
            if row is None:
                session.add(PlanProgressRow(user_key=user_key, topic_id=topic_id, state=state, updated_at=at))
            else:
                row.state, row.updated_at = state, at

    def delete(self, user_key: str) -> bool:
        with self._sessions.begin() as session:
            session.execute(delete(PlanProgressRow).filter_by(user_key=user_key))
            result = session.execute(delete(PlanRow).filter_by(user_key=user_key))
            return bool(getattr(result, "rowcount", 0))

    def conversation(self, user_key: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            row = session.get(ConversationRow, user_key)
            return json.loads(row.state_json) if row else None

    def save_conversation(self, user_key: str, state: dict[str, Any], at: datetime) -> None:
        platform, user_id = _user_of(user_key)
        with self._sessions.begin() as session:
            session.merge(
                ConversationRow(
                    user_key=user_key, platform=platform, user_id=user_id, state_json=json.dumps(state), updated_at=at
                )
            )

    def end_conversation(self, user_key: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(ConversationRow).filter_by(user_key=user_key))

    def done_times(self, user_key: str) -> list[datetime]:
        query = select(PlanProgressRow.updated_at).filter_by(user_key=user_key, state="done")
        with self._sessions() as session:
            return list(session.scalars(query))
