"""SQLAlchemy models. Every table is created by an Alembic migration; a test checks they agree."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Columns that can point at a person, read by `forget me` and by the test that proves it leaves nothing behind:
USER_ID = {"user_ref": "id"}  # a platform user id: rows are deleted
# Ledger rows a sender may claim (the partial index ix_deliveries_ready holds only these).
CLAIMABLE = "state IN ('pending', 'retry')"
USER_KEY = {"user_ref": "key"}  # the person's DM destination key: rows are deleted
CREATOR = {"user_ref": "creator"}  # who created a shared record: cleared, the record stays
INSTALLER = {"user_ref": "installer"}  # who installed the Slack app in a workspace: cleared, the install keeps working


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


class QuestionRow(Base):
    """One asked question (for `mentor content gaps`); erased by `forget me`."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64), info=USER_ID)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    topic_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confidence: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_question_log_user", "platform", "workspace", "user_id"),
        Index("ix_question_log_asked_at", "asked_at"),
    )


class SeenEventRow(Base):
    """Platform events already handled (Slack retries, Discord re-deliveries): answered once across processes."""

    __tablename__ = "seen_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class KindAndDestination:
    """The columns a schedule and a delivery share: what kind of message, and the destination it goes to."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    dest_key: Mapped[str] = mapped_column(String(200), info=USER_KEY)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True, info=USER_ID)


class ScheduleRow(KindAndDestination, Base):
    """A digest subscription or a check-in: one per (kind, destination)."""

    __tablename__ = "schedules"

    days: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    paused_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True, info=CREATOR)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("kind", "dest_key", name="uq_schedules_kind_dest"),
        Index("ix_schedules_workspace", "platform", "workspace"),
    )


class DeliveryRow(KindAndDestination, Base):
    """The delivery ledger: one row per (kind, destination, occurrence), claimed before sending."""

    __tablename__ = "deliveries"

    occurrence: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    payload: Mapped[str | None] = mapped_column(String(100), nullable=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    # An attempt from this time on had an unknown outcome: look for it on the platform before sending again.
    verify_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        UniqueConstraint("kind", "dest_key", "occurrence", name="uq_deliveries_occurrence"),
        Index("ix_deliveries_state", "state", "retry_at"),
        Index("ix_deliveries_dest", "kind", "dest_key"),
        # What a sender may claim, in claim order: a claim reads its few rows instead of sorting every ready one.
        Index(
            "ix_deliveries_ready",
            "occurrence",
            "id",
            sqlite_where=text(CLAIMABLE),
            postgresql_where=text(CLAIMABLE),
        ),
    )


class TipHistoryRow(Base):
    """Which tips a destination has been given, by rotation cycle."""

    __tablename__ = "tip_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dest_key: Mapped[str] = mapped_column(String(200), index=True, info=USER_KEY)
    tip_id: Mapped[str] = mapped_column(String(64))
    cycle: Mapped[int] = mapped_column(Integer)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlanRow(Base):
    """A person's learning plan (the plan as JSON)."""

    __tablename__ = "plans"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True, info=USER_KEY)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64), info=USER_ID)
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlanProgressRow(Base):
    """Done or skipped topics of a person's plan."""

    __tablename__ = "plan_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(200), info=USER_KEY)
    topic_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("user_key", "topic_id", name="uq_plan_progress_topic"),)


class ConversationRow(Base):
    """A half-finished multi-step conversation (the plan assessment), so it survives restarts."""

    __tablename__ = "conversations"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True, info=USER_KEY)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64), info=USER_ID)
    state_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuizItemRow(Base):
    """A person's FSRS state of one quiz item."""

    __tablename__ = "quiz_items"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True, info=USER_KEY)
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(64))
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    reviews: Mapped[int] = mapped_column(Integer)
    lapses: Mapped[int] = mapped_column(Integer)
    last_grade: Mapped[str] = mapped_column(String(8))
    fsrs_json: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_quiz_items_user_due", "user_key", "due"),
        Index("ix_quiz_items_due", "due"),
    )


class QuizReviewRow(Base):
    """One self-graded review (the log that streaks are counted from)."""

    __tablename__ = "quiz_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(200), info=USER_KEY)
    item_id: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(8))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_quiz_reviews_user", "user_key", "reviewed_at"),)


class QuizSessionRow(Base):
    """The quiz in progress (queue and current step), so any web process can continue it."""

    __tablename__ = "quiz_sessions"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True, info=USER_KEY)
    state_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AnswerVoteRow(Base):
    """A person's 👍 / 👎 on one answer (the question-log row) and what they said was missing."""

    __tablename__ = "answer_votes"

    answer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, info=USER_ID)
    workspace: Mapped[str] = mapped_column(String(64))
    vote: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_answer_votes_workspace", "platform", "workspace", "updated_at"),)


class AnswerContextRow(Base):
    """The answer a person just got (30 minutes), so follow-ups in its thread continue on the same topic."""

    __tablename__ = "answer_contexts"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True, info=USER_KEY)
    answer_id: Mapped[int] = mapped_column(Integer)
    topic_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    faq_id: Mapped[str | None] = mapped_column(String(130), nullable=True)
    thread: Mapped[str | None] = mapped_column(String(64), nullable=True)
    shown_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EscalationRow(Base):
    """A question that went to the human mentors' channel (once per person and answer)."""

    __tablename__ = "escalations"

    answer_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, info=USER_ID)
    workspace: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WorkspaceSettingRow(Base):
    """One setting of a workspace (the mentors channel, team features on or off)."""

    __tablename__ = "workspace_settings"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True, info=CREATOR)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamMemberRow(Base):
    """A person who used the mentor in a workspace (recorded when they do), and whether they share on the team map."""

    __tablename__ = "team_members"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, info=USER_ID)
    user_key: Mapped[str] = mapped_column(String(200), info=USER_KEY)
    share: Mapped[bool] = mapped_column(Boolean, default=False)
    display_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_team_members_user", "platform", "user_id"),)


class PartnerSignupRow(Base):
    """A person in learning partners in a workspace: the area they pair on and a snooze."""

    __tablename__ = "partner_signups"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, info=USER_ID)
    user_key: Mapped[str] = mapped_column(String(200), info=USER_KEY)
    area: Mapped[str | None] = mapped_column(String(32), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PartnerRoundRow(Base):
    """A week's pairing in a workspace: at most one per occurrence, so a retried pairing never pairs again."""

    __tablename__ = "partner_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    occurrence: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("platform", "workspace", "occurrence", name="uq_partner_rounds_occurrence"),)


class PartnerMatchRow(Base):
    """One person's place in a round's group, and their answer to "did you meet?"."""

    __tablename__ = "partner_matches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(Integer)
    group_no: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64), info=USER_ID)
    met: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    __table_args__ = (
        Index("ix_partner_matches_round", "round_id", "group_no"),
        Index("ix_partner_matches_workspace", "platform", "workspace"),
    )


class AssistantThreadRow(Base):
    """A Slack assistant-pane thread: who opened it, the channel they were viewing, whether it has a title yet.

    Bolt's thread context store, kept here instead of in message metadata (which costs a ``conversations.replies``
    call each time); erased by `forget me`.
    """

    __tablename__ = "assistant_threads"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64), info=USER_ID)
    context_json: Mapped[str] = mapped_column(Text)
    titled: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
