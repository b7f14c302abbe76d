"""The ports the core needs, as small Protocols: adapters implement them, tests fake them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from bot.delivery.schedule import Occurrence, Schedule
from bot.messages import Destination, Reply


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """A sentence encoder: texts in, one unit-length vector per text out (cosine similarity is a dot product)."""

    @property
    def model_id(self) -> str:
        """Names the model and the hash of its files: vectors made by another model id are not comparable."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """A ``(len(texts), dimensions)`` float32 array of L2-normalised rows, in the order given."""
        ...


class SendOutcome(StrEnum):
    """What became of one send. Only ``UNKNOWN`` may have reached the platform without it saying so."""

    DELIVERED = "delivered"
    GONE = "gone"  # refused: channel archived or deleted, app uninstalled, user deactivated
    FORBIDDEN = "forbidden"  # refused: the bot may not post there (not a member, DMs closed, missing permission)
    RATE_LIMITED = "rate_limited"  # refused: try again after ``retry_after`` seconds
    INVALID = "invalid"  # refused: the message itself was rejected; sending it again cannot work
    NOT_SENT = "not_sent"  # never left this process (no connection, no token): try again with back-off
    UNKNOWN = "unknown"  # may have reached the platform (dropped connection, timeout): find before resending


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    retry_after: float = 0.0
    detail: str = ""


class Presence(StrEnum):
    FOUND = "found"
    ABSENT = "absent"
    CANNOT_TELL = "cannot_tell"


@dataclass(frozen=True)
class FindResult:
    """Whether a delivery is on the platform; ``retry_after`` > 0 when asking again later may tell."""

    presence: Presence
    detail: str = ""
    retry_after: float = 0.0


class Messenger(Protocol):
    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        """Deliver ``reply`` to ``destination``, marked with ``delivery_key`` so ``find`` can see it later.

        Reports failures by kind instead of raising. An error after the request may have reached the platform is
        ``UNKNOWN``, never a plain failure: the caller then calls ``find`` before sending again.
        """
        ...

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        """Whether a message marked ``delivery_key`` was posted to ``destination`` at or after ``since``."""
        ...


@dataclass(frozen=True)
class QuestionRecord:
    """One question a user asked, with how sure the mentor was."""

    asked_at: datetime
    platform: str
    workspace: str
    user: str
    text: str
    kind: str
    topic_id: str | None
    confidence: float


@dataclass(frozen=True)
class Gap:
    """A question the mentor keeps being unsure about."""

    text: str
    count: int
    best_topic: str | None
    confidence: float


class QuestionLog(Protocol):
    def record(self, entry: QuestionRecord) -> int:
        """Store one asked question; return its id (the ``answer_id`` that feedback refers to)."""
        ...

    def find(self, answer_id: int) -> QuestionRecord | None:
        """The question with this id, while the log keeps it."""
        ...

    def gaps(
        self,
        *,
        limit: int = 20,
        threshold: float = 0.5,
        workspace: tuple[str, str] | None = None,
        since: datetime | None = None,
    ) -> list[Gap]:
        """The most frequent questions answered with confidence below ``threshold``, most frequent first.

        ``workspace`` (platform, workspace id) and ``since`` narrow the questions counted.
        """
        ...

    def workspaces(self) -> list[tuple[str, str]]:
        """Every (platform, workspace) with logged questions."""
        ...

    def erase_user(self, platform: str, workspace: str, user: str) -> int:
        """Delete every question this user asked; return how many were deleted."""
        ...

    def prune(self, before: datetime) -> int:
        """Delete questions asked before ``before`` (retention); return how many were deleted."""
        ...


class DeliveryState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    RETRY = "retry"
    UNCONFIRMED = "unconfirmed"  # may have been sent and could not be checked (reason in detail): an admin decides
    SKIPPED = "skipped"
    PAUSED = "paused"


@dataclass(frozen=True)
class Delivery:
    """One ledger row: a message owed to a destination for one occurrence."""

    id: int
    kind: str
    destination: Destination
    occurrence: datetime
    state: DeliveryState
    attempts: int = 0
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    detail: str = ""
    verify_since: datetime | None = None  # an earlier attempt's outcome is unknown: find before sending

    @property
    def key(self) -> str:
        """A short key (20 characters) naming this delivery on the platform, the same in every process."""
        natural = f"{self.kind}|{self.destination.key}|{self.occurrence.isoformat()}"
        return hashlib.blake2b(natural.encode(), digest_size=10).hexdigest()


@dataclass(frozen=True)
class DeliveryUpdate:
    """A state change for one delivery, applied in bulk after a batch of sends."""

    id: int
    state: DeliveryState
    attempts: int
    at: datetime
    retry_at: datetime | None = None
    payload: str | None = None
    detail: str = ""
    verify_since: datetime | None = None


class ScheduleRepository(Protocol):
    def save(self, schedule: Schedule) -> None:
        """Create or replace the schedule of this kind for this destination."""
        ...

    def remove(self, kind: str, destination: Destination) -> bool: ...

    def get(self, kind: str, destination: Destination) -> Schedule | None: ...

    def active(self) -> list[Schedule]:
        """Every schedule that is not paused."""
        ...

    def in_workspace(self, platform: str, workspace: str, kind: str) -> list[Schedule]: ...

    def pause(self, kind: str, destination: Destination, reason: str) -> None: ...

    def pause_workspace(self, platform: str, workspace: str, reason: str) -> int: ...

    def resume_workspace(self, platform: str, workspace: str, reason: str) -> int:
        """Resume the workspace's schedules paused for ``reason`` (others stay paused); return how many."""
        ...


class DeliveryLedger(Protocol):
    def add_pending(self, occurrences: list[Occurrence]) -> int:
        """Insert a pending row per occurrence unless one exists; return how many were new."""
        ...

    def claim(self, owner: str, now: datetime, limit: int) -> list[Delivery]:
        """Atomically claim up to ``limit`` pending (or due retry) rows for ``owner``."""
        ...

    def finish(self, owner: str, updates: list[DeliveryUpdate]) -> None:
        """Record what happened to rows ``owner`` still holds (a claim expired and taken over is left alone)."""
        ...

    def settle(
        self, owner: str, updates: list[DeliveryUpdate], tips: list[tuple[str, PostedTip]], now: datetime, claim: int
    ) -> list[Delivery]:
        """One transaction: ``finish`` the updates, record the tips those sends gave (as ``TipHistory.record`` at
        ``now``), then ``claim`` up to ``claim`` more rows (none when 0) and return them."""
        ...

    def expire_claims(self, now: datetime, older_than: float) -> int:
        """Claims older than ``older_than`` seconds, whose sender stopped: back to retry, to be checked with ``find``
        before anything is sent again."""
        ...

    def release(self, owner: str) -> int:
        """Give back this owner's claims that never started sending (graceful shutdown)."""
        ...

    def resend(self, delivery_id: int, platform: str, workspace: str) -> bool:
        """Put an unconfirmed row of this workspace back to pending (an admin's one-click resend)."""
        ...

    def resend_all(self, platform: str, workspace: str) -> int:
        """Put every unconfirmed row of this workspace back to pending; return how many."""
        ...

    def unconfirmed(self, platform: str, workspace: str) -> int:
        """How many rows of this workspace are unconfirmed."""
        ...

    def last(self, kind: str, destination: Destination) -> Delivery | None: ...


@dataclass(frozen=True)
class PostedTip:
    tip_id: str
    cycle: int


class TipHistory(Protocol):
    def posted(self, destination_keys: list[str]) -> dict[str, list[PostedTip]]:
        """What each destination was given, oldest first (destinations with no history are left out)."""
        ...

    def record(self, entries: list[tuple[str, PostedTip]], at: datetime) -> None:
        """Remember tips given, as (destination key, tip) pairs."""
        ...


@dataclass(frozen=True)
class StoredPlan:
    """A person's plan as stored (the plan itself as a plain dict), with progress by topic id."""

    plan: dict[str, Any]
    progress: dict[str, str]  # topic id -> "done" | "skipped"
    created_at: datetime


class PlanRepository(Protocol):
    """Plans and assessment state, keyed by the person's DM destination key."""

    def get(self, user_key: str) -> StoredPlan | None: ...

    def save(self, user_key: str, plan: dict[str, Any], created_at: datetime) -> None:
        """Store a new plan for the person, replacing any earlier plan and its progress."""
        ...

    def update(self, user_key: str, plan: dict[str, Any]) -> bool:
        """Replace the plan itself, keeping its start date and progress; False when the person has no plan."""
        ...

    def mark(self, user_key: str, topic_id: str, state: str, at: datetime) -> None:
        """Record progress on one topic; marking it again just updates it."""
        ...

    def delete(self, user_key: str) -> bool: ...

    def conversation(self, user_key: str) -> dict[str, Any] | None:
        """The half-finished assessment, if any."""
        ...

    def save_conversation(self, user_key: str, state: dict[str, Any], at: datetime) -> None: ...

    def end_conversation(self, user_key: str) -> None: ...

    def done_times(self, user_key: str) -> list[datetime]:
        """When the person marked plan steps done (for streaks)."""
        ...


@dataclass(frozen=True)
class ItemState:
    """A person's spaced-repetition state of one quiz item."""

    item_id: str
    topic_id: str
    due: datetime
    reviews: int
    lapses: int
    last_grade: str
    fsrs: dict[str, Any]


class QuizRepository(Protocol):
    """Quiz items' FSRS states, the review log and the quiz in progress, keyed by the person's DM key."""

    def states(self, user_key: str) -> dict[str, ItemState]:
        """Every item the person has reviewed, by item id."""
        ...

    def due(self, user_key: str, now: datetime, limit: int) -> list[ItemState]:
        """Items due at ``now``, most overdue first."""
        ...

    def due_counts(self, user_keys: list[str], now: datetime) -> dict[str, int]:
        """How many items are due per person (people with none are left out)."""
        ...

    def record(self, user_key: str, state: ItemState, grade: str, at: datetime) -> None:
        """Store an item's new state and log the review."""
        ...

    def enter(self, user_key: str, states: list[ItemState]) -> int:
        """Add never-seen items to the person's deck (items already there are left alone); return how many."""
        ...

    def review_times(self, user_key: str) -> list[datetime]:
        """When the person reviewed anything (for streaks)."""
        ...

    def session(self, user_key: str) -> dict[str, Any] | None: ...

    def save_session(self, user_key: str, state: dict[str, Any], at: datetime) -> None: ...

    def end_session(self, user_key: str) -> None: ...


@dataclass(frozen=True)
class AnswerContext:
    """The answer a person just got, so that "more", "why?" or a 👍 in its thread continue it."""

    answer_id: int
    topic_id: str | None
    faq_id: str | None
    thread: str | None
    at: datetime
    shown: tuple[str, ...] = ()  # FAQ ids already shown on this topic


@dataclass(frozen=True)
class Disliked:
    """An answer people voted down, with what they said was missing."""

    answer_id: int
    text: str
    topic_id: str | None
    downs: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class CardVotes:
    topic_id: str
    up: int
    down: int


class FeedbackRepository(Protocol):
    """Votes and notes on answers, follow-up contexts, escalations and per-workspace settings."""

    def vote(self, answer_id: int, platform: str, workspace: str, user: str, *, up: bool, at: datetime) -> int:
        """Record a click; the same vote again takes it back. Return the vote now stored: 1, -1 or 0."""
        ...

    def note(self, answer_id: int, platform: str, user: str, text: str, at: datetime) -> bool:
        """Attach what was missing to the person's vote on this answer; False when there is no vote."""
        ...

    def last_down(self, platform: str, user: str, since: datetime) -> int | None:
        """The answer the person most recently voted down since ``since``."""
        ...

    def disliked(self, platform: str, workspace: str, since: datetime | None, limit: int) -> list[Disliked]: ...

    def card_votes(self, platform: str, workspace: str, since: datetime | None) -> list[CardVotes]: ...

    def context(self, user_key: str) -> AnswerContext | None: ...

    def save_context(self, user_key: str, context: AnswerContext) -> None: ...

    def escalate(self, answer_id: int, platform: str, workspace: str, user: str, at: datetime) -> bool:
        """Remember that this answer's question went to the human mentors; False when it already had."""
        ...

    def setting(self, platform: str, workspace: str, name: str) -> str | None: ...

    def set_setting(
        self, platform: str, workspace: str, name: str, value: str | None, *, by: str, at: datetime
    ) -> None:
        """Set (or with None, clear) a workspace setting."""
        ...


@dataclass(frozen=True)
class TeamMember:
    """A person who used the mentor in a workspace; ``name`` only while they share (``team share on``)."""

    user: str
    user_key: str
    share: bool = False
    name: str | None = None


@dataclass(frozen=True)
class Profile:
    """What the team map and summary read about one member: their plan, finished topics and recent reviews."""

    member: TeamMember
    plan: dict[str, Any] | None
    done: dict[str, datetime]  # topic id -> when it was marked done
    reviewed: frozenset[str]  # topic ids with a review since the time asked for


@dataclass(frozen=True)
class Struggle:
    """A question of the workspace the mentor answered unsure, or whose answer someone voted down."""

    text: str
    user: str
    topic_id: str | None


@dataclass(frozen=True)
class Signup:
    """A person in learning partners: the area they want to pair on, and a snooze."""

    user: str
    user_key: str
    area: str | None
    joined_at: datetime
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class PartnerGroup:
    """A pair (or trio) of one week's round; ``met`` holds each member's answer to "did you meet?"."""

    round_id: int
    occurrence: datetime
    members: tuple[str, ...]
    met: tuple[tuple[str, bool], ...] = ()


class TeamRepository(Protocol):
    """Who uses the mentor in which workspace, team sharing, learning partners and their rounds."""

    def seen(self, platform: str, workspace: str, user: str, user_key: str, at: datetime) -> None:
        """Record that the person used the mentor in this workspace (creating or refreshing their membership)."""
        ...

    def workspaces_of(self, platform: str, user: str) -> list[str]:
        """The workspaces the person used the mentor in, most recent first."""
        ...

    def member(self, platform: str, workspace: str, user: str) -> TeamMember | None: ...

    def share(self, platform: str, workspace: str, user: str, name: str | None) -> bool:
        """Share (with ``name``) or stop sharing (``None``) at once; False when the person is not a member."""
        ...

    def profiles(self, platform: str, workspace: str, reviews_since: datetime) -> list[Profile]:
        """Every member of the workspace with their plan, finished topics and topics reviewed since then."""
        ...

    def struggles(self, platform: str, workspace: str, since: datetime, threshold: float) -> list[Struggle]:
        """Questions asked in the workspace since ``since`` answered below ``threshold`` or voted down."""
        ...

    def join(self, platform: str, workspace: str, user: str, user_key: str, *, area: str | None, at: datetime) -> None:
        """Join learning partners (or change the area); a snooze ends."""
        ...

    def leave(self, platform: str, workspace: str, user: str) -> bool: ...

    def snooze(self, platform: str, workspace: str, user: str, until: datetime) -> bool:
        """Skip pairings until ``until``; False when the person has not joined."""
        ...

    def signup(self, platform: str, workspace: str, user: str) -> Signup | None: ...

    def signups(self, platform: str, workspace: str) -> list[Signup]: ...

    def groups(self, platform: str, workspace: str, since: datetime | None = None) -> list[PartnerGroup]:
        """The groups of earlier rounds (those from ``since`` on), oldest first."""
        ...

    def save_round(
        self,
        platform: str,
        workspace: str,
        occurrence: datetime,
        groups: list[tuple[str, ...]],
        intros: list[Occurrence],
    ) -> bool:
        """Store a week's groups and the pending ledger rows of their intros in one transaction.

        False (and nothing stored) when this workspace already has a round at ``occurrence``: a retry never re-pairs.
        """
        ...

    def met(self, platform: str, user: str, round_id: int, met: bool) -> bool:
        """Record the person's answer to "did you meet?"; False when they were in no group of that round."""
        ...


class ChannelAccess(Protocol):
    def can_post(self, destination: Destination) -> str | None:
        """None when the bot can post to this channel; otherwise a short hint saying how to let it in.

        Synchronous: the core calls it from its worker thread.
        """
        ...


class Privacy(Protocol):
    def erase_user(self, platform: str, workspace: str, user: str, user_key: str) -> int:
        """Delete every record about this person (clearing them as creator where a record is shared)."""
        ...

    def export_user(self, platform: str, workspace: str, user: str, user_key: str) -> dict[str, list[dict[str, Any]]]:
        """Every record ``erase_user`` would touch, per table, as JSON-ready rows (secrets such as tokens left out)."""
        ...


class PersonalFiles(Protocol):
    """Files the bot wrote for a person (the console saves plan pictures and exports to disk)."""

    def names(self, user_key: str) -> list[str]:
        """The person's files, as the paths shown to them."""
        ...

    def erase(self, user_key: str) -> int:
        """Delete the person's files; how many were deleted."""
        ...


class Store(Protocol):
    """The store: one repository per aggregate."""

    @property
    def questions(self) -> QuestionLog: ...

    @property
    def schedules(self) -> ScheduleRepository: ...

    @property
    def deliveries(self) -> DeliveryLedger: ...

    @property
    def tips(self) -> TipHistory: ...

    @property
    def plans(self) -> PlanRepository: ...

    @property
    def privacy(self) -> Privacy: ...

    @property
    def quiz(self) -> QuizRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def team(self) -> TeamRepository: ...
