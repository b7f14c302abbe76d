"""The quiz repository: FSRS states per person and item, the review log and the quiz in progress."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.tables import QuizItemRow, QuizReviewRow, QuizSessionRow
from bot.ports import ItemState


def _state(row: QuizItemRow) -> ItemState:
    return ItemState(
        row.item_id, row.topic_id, row.due, row.reviews, row.lapses, row.last_grade, json.loads(row.fsrs_json)
    )


def _row(user_key: str, state: ItemState) -> QuizItemRow:
    """The row that stores ``state`` (the inverse of :func:`_state`)."""
    return QuizItemRow(
        user_key=user_key,
        item_id=state.item_id,
        topic_id=state.topic_id,
        due=state.due,
        reviews=state.reviews,
        lapses=state.lapses,
        last_grade=state.last_grade,
        fsrs_json=json.dumps(state.fsrs),
    )


class SqlQuiz:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def states(self, user_key: str) -> dict[str, ItemState]:
        with self._sessions() as session:
            rows = session.scalars(select(QuizItemRow).filter_by(user_key=user_key))
            return {row.item_id: _state(row) for row in rows}

    def due(self, user_key: str, now: datetime, limit: int) -> list[ItemState]:
        query = (
            select(QuizItemRow)
            .where(QuizItemRow.user_key == user_key, QuizItemRow.due <= now)
            .order_by(QuizItemRow.due, QuizItemRow.item_id)
            .limit(limit)
        )
        with self._sessions() as session:
            return [_state(row) for row in session.scalars(query)]

    def due_counts(self, user_keys: list[str], now: datetime) -> dict[str, int]:
        if not user_keys:
            return {}
        query = (
            select(QuizItemRow.user_key, func.count())
            .where(QuizItemRow.user_key.in_(user_keys), QuizItemRow.due <= now)
            .group_by(QuizItemRow.user_key)
        )
        with self._sessions() as session:
            return {key: int(count) for key, count in session.execute(query)}

    def record(self, user_key: str, state: ItemState, grade: str, at: datetime) -> None:
        with self._sessions.begin() as session:
            session.merge(_row(user_key, state))
            session.add(QuizReviewRow(user_key=user_key, item_id=state.item_id, grade=grade, reviewed_at=at))

    def enter(self, user_key: str, states: list[ItemState]) -> int:
        with self._sessions.begin() as session:
            known = set(session.scalars(select(QuizItemRow.item_id).filter_by(user_key=user_key)))
            fresh = [s for s in states if s.item_id not in known]
            session.add_all(_row(user_key, s) for s in fresh)
            return len(fresh)

    def review_times(self, user_key: str) -> list[datetime]:
        with self._sessions() as session:
            return list(session.scalars(select(QuizReviewRow.reviewed_at).filter_by(user_key=user_key)))

    def session(self, user_key: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            row = session.get(QuizSessionRow, user_key)
            return json.loads(row.state_json) if row else None

    def save_session(self, user_key: str, state: dict[str, Any], at: datetime) -> None:
        with self._sessions.begin() as session:
            session.merge(QuizSessionRow(user_key=user_key, state_json=json.dumps(state), updated_at=at))

    def end_session(self, user_key: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(QuizSessionRow).filter_by(user_key=user_key))
