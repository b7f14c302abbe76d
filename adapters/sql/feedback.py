"""The feedback repository: votes and notes, follow-up contexts, escalations and workspace settings."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.tables import AnswerContextRow, AnswerVoteRow, EscalationRow, QuestionRow, WorkspaceSettingRow
from bot.ports import AnswerContext, CardVotes, Disliked


class SqlFeedback:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def vote(self, answer_id: int, platform: str, workspace: str, user: str, *, up: bool, at: datetime) -> int:
        wanted = 1 if up else -1
        with self._sessions.begin() as session:
            row = session.get(AnswerVoteRow, (answer_id, platform, user), with_for_update=True)
            if row is None:
                session.add(AnswerVoteRow(answer_id=answer_id, platform=platform, user_id=user, workspace=workspace,
                                          vote=wanted, updated_at=at))  # fmt: skip
                return wanted
            row.vote = 0 if row.vote == wanted else wanted
            row.updated_at = at
            return row.vote

    def note(self, answer_id: int, platform: str, user: str, text: str, at: datetime) -> bool:
        with self._sessions.begin() as session:
            row = session.get(AnswerVoteRow, (answer_id, platform, user))
            if row is None:
                return False
            row.note, row.updated_at = text, at
            return True

    def last_down(self, platform: str, user: str, since: datetime) -> int | None:
        query = (
            select(AnswerVoteRow.answer_id)
            .where(AnswerVoteRow.platform == platform, AnswerVoteRow.user_id == user)
            .where(AnswerVoteRow.vote == -1, AnswerVoteRow.updated_at >= since)
            .order_by(AnswerVoteRow.updated_at.desc())
            .limit(1)
        )
        with self._sessions() as session:
            return session.scalar(query)

    def disliked(self, platform: str, workspace: str, since: datetime | None, limit: int) -> list[Disliked]:
        query = (
            select(QuestionRow.id, QuestionRow.text, QuestionRow.topic_id, AnswerVoteRow.note)
            .join(AnswerVoteRow, AnswerVoteRow.answer_id == QuestionRow.id)
            .where(AnswerVoteRow.platform == platform, AnswerVoteRow.workspace == workspace, AnswerVoteRow.vote == -1)
            .where(QuestionRow.platform == platform, QuestionRow.workspace == workspace)
        )
        if since is not None:
            query = query.where(AnswerVoteRow.updated_at >= since)
        found: dict[int, Disliked] = {}
        with self._sessions() as session:
            for answer_id, text, topic_id, note in session.execute(query):
                old = found.get(answer_id) or Disliked(answer_id, text, topic_id, 0, ())
                notes = (*old.notes, note) if note else old.notes
                found[answer_id] = Disliked(answer_id, text, topic_id, old.downs + 1, notes)
        ranked = sorted(found.values(), key=lambda d: (-d.downs, -len(d.notes), d.answer_id))
        return ranked[:limit]

    def card_votes(self, platform: str, workspace: str, since: datetime | None) -> list[CardVotes]:
        up = func.sum(case((AnswerVoteRow.vote == 1, 1), else_=0))
        down = func.sum(case((AnswerVoteRow.vote == -1, 1), else_=0))
        query = (
            select(QuestionRow.topic_id, up, down)
            .join(AnswerVoteRow, AnswerVoteRow.answer_id == QuestionRow.id)
            .where(AnswerVoteRow.platform == platform, AnswerVoteRow.workspace == workspace)
            .where(QuestionRow.topic_id.is_not(None))
            .group_by(QuestionRow.topic_id)
        )
        if since is not None:
            query = query.where(AnswerVoteRow.updated_at >= since)
        with self._sessions() as session:
            rows = [CardVotes(str(t), int(u or 0), int(d or 0)) for t, u, d in session.execute(query)]
        return sorted((r for r in rows if r.up or r.down), key=lambda r: (r.up - r.down, -r.down, r.topic_id))

    def context(self, user_key: str) -> AnswerContext | None:
        with self._sessions() as session:
            row = session.get(AnswerContextRow, user_key)
            if row is None:
                return None
            shown = tuple(json.loads(row.shown_json))
            return AnswerContext(row.answer_id, row.topic_id, row.faq_id, row.thread, row.updated_at, shown)

    def save_context(self, user_key: str, context: AnswerContext) -> None:
        with self._sessions.begin() as session:
            session.merge(
                AnswerContextRow(
                    user_key=user_key,
                    answer_id=context.answer_id,
                    topic_id=context.topic_id,
                    faq_id=context.faq_id,
                    thread=context.thread,
                    shown_json=json.dumps(list(context.shown)),
                    updated_at=context.at,
                )
            )

    def escalate(self, answer_id: int, platform: str, workspace: str, user: str, at: datetime) -> bool:
        try:
            with self._sessions.begin() as session:
                session.add(EscalationRow(answer_id=answer_id, platform=platform, user_id=user, workspace=workspace,
                                          created_at=at))  # fmt: skip
        except IntegrityError:
            return False
        return True

    def setting(self, platform: str, workspace: str, name: str) -> str | None:
        with self._sessions() as session:
            row = session.get(WorkspaceSettingRow, (platform, workspace, name))
            return row.value if row else None

    def set_setting(
        self, platform: str, workspace: str, name: str, value: str | None, *, by: str, at: datetime
    ) -> None:
        with self._sessions.begin() as session:
            if value is None:
                session.execute(
                    delete(WorkspaceSettingRow).filter_by(platform=platform, workspace=workspace, name=name)
                )
                return
            session.merge(
                WorkspaceSettingRow(
                    platform=platform, workspace=workspace, name=name, value=value, updated_by=by, updated_at=at,
                )
            )  # fmt: skip
