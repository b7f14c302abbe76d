"""Repositories over SQLAlchemy that implement the core's store port."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.delivery import SqlDeliveryLedger, SqlSchedules, SqlTipHistory
from adapters.sql.feedback import SqlFeedback
from adapters.sql.plans import SqlPlans
from adapters.sql.privacy import SqlPrivacy
from adapters.sql.quiz import SqlQuiz
from adapters.sql.tables import AnswerVoteRow, EscalationRow, QuestionRow
from adapters.sql.team import SqlTeam
from bot.ports import Gap, QuestionRecord


class SqlQuestionLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(self, entry: QuestionRecord) -> int:
        row = QuestionRow(
            asked_at=entry.asked_at,
            platform=entry.platform,
            workspace=entry.workspace,
            user_id=entry.user,
            text=entry.text,
            kind=entry.kind,
            topic_id=entry.topic_id,
            confidence=entry.confidence,
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return row.id

    def find(self, answer_id: int) -> QuestionRecord | None:
        with self._sessions() as session:
            row = session.get(QuestionRow, answer_id)
            if row is None:
                return None
            return QuestionRecord(
                row.asked_at, row.platform, row.workspace, row.user_id, row.text, row.kind, row.topic_id, row.confidence
            )

    def gaps(
        self,
        *,
        limit: int = 20,
        threshold: float = 0.5,
        workspace: tuple[str, str] | None = None,
        since: datetime | None = None,
    ) -> list[Gap]:
        normalized = func.lower(func.trim(QuestionRow.text))
        query = (
            select(
                normalized,
                func.count(),
                func.max(QuestionRow.topic_id),
                func.avg(QuestionRow.confidence),
            )
            .where(QuestionRow.confidence < threshold)
            .group_by(normalized)
            .order_by(func.count().desc(), normalized)
            .limit(limit)
        )
        if workspace is not None:
            query = query.where(QuestionRow.platform == workspace[0], QuestionRow.workspace == workspace[1])
        if since is not None:
            query = query.where(QuestionRow.asked_at >= since)
        with self._sessions() as session:
            return [Gap(text, count, topic, float(conf)) for text, count, topic, conf in session.execute(query)]

    def workspaces(self) -> list[tuple[str, str]]:
        query = select(QuestionRow.platform, QuestionRow.workspace).distinct().order_by("platform", "workspace")
        with self._sessions() as session:
            return [(platform, workspace) for platform, workspace in session.execute(query)]

    def erase_user(self, platform: str, workspace: str, user: str) -> int:
        with self._sessions.begin() as session:
            result = session.execute(
                delete(QuestionRow).where(
                    QuestionRow.platform == platform,
                    QuestionRow.workspace == workspace,
                    QuestionRow.user_id == user,
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def prune(self, before: datetime) -> int:
        """Delete old questions, and the votes and escalations of their answers (kept as long as the log)."""
        with self._sessions.begin() as session:
            result = session.execute(delete(QuestionRow).where(QuestionRow.asked_at < before))
            kept = select(QuestionRow.id)
            session.execute(delete(AnswerVoteRow).where(AnswerVoteRow.answer_id.not_in(kept)))
            session.execute(delete(EscalationRow).where(EscalationRow.answer_id.not_in(kept)))
            return int(getattr(result, "rowcount", 0) or 0)


class SqlStore:
    """The store port over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._questions = SqlQuestionLog(self._sessions)
        self._schedules = SqlSchedules(self._sessions)
        self._deliveries = SqlDeliveryLedger(engine, self._sessions)
        self._tips = SqlTipHistory(engine, self._sessions)
        self._plans = SqlPlans(self._sessions)
        self._privacy = SqlPrivacy(engine)
        self._quiz = SqlQuiz(self._sessions)
        self._feedback = SqlFeedback(self._sessions)
        self._team = SqlTeam(self._sessions)

    @property
    def questions(self) -> SqlQuestionLog:
        return self._questions

    @property
    def schedules(self) -> SqlSchedules:
        return self._schedules

    @property
    def deliveries(self) -> SqlDeliveryLedger:
        return self._deliveries

    @property
    def tips(self) -> SqlTipHistory:
        return self._tips

    @property
    def plans(self) -> SqlPlans:
        return self._plans

    @property
    def privacy(self) -> SqlPrivacy:
        return self._privacy

    @property
    def quiz(self) -> SqlQuiz:
        return self._quiz

    @property
    def feedback(self) -> SqlFeedback:
        return self._feedback

    @property
    def team(self) -> SqlTeam:
        return self._team

    def close(self) -> None:
        self.engine.dispose()
