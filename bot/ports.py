"""The ports the core needs, as small Protocols: adapters implement them, tests fake them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.messages import Destination, Reply


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SendOutcome(StrEnum):
    SENT = "sent"
    GONE = "gone"  # channel archived, bot removed, DMs closed: do not try again
    RATE_LIMITED = "rate_limited"  # try again after ``retry_after`` seconds
    TRANSIENT = "transient"  # a passing failure: retry with back-off


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    retry_after: float = 0.0
    detail: str = ""


class Messenger(Protocol):
    async def send(self, destination: Destination, reply: Reply) -> SendResult:
        """Deliver ``reply`` to ``destination``; report failures by kind instead of raising."""
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
    def record(self, entry: QuestionRecord) -> None:
        """Store one asked question."""
        ...

    def gaps(self, *, limit: int = 20, threshold: float = 0.5) -> list[Gap]:
        """The most frequent questions answered with confidence below ``threshold``, most frequent first."""
        ...

    def erase_user(self, platform: str, workspace: str, user: str) -> int:
        """Delete every question this user asked; return how many were deleted."""
        ...


class Store(Protocol):
    """The store: one repository per aggregate."""

    @property
    def questions(self) -> QuestionLog: ...
