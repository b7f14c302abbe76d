"""In-memory fakes of the core's ports, for unit tests that need no database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.ports import Gap, QuestionRecord


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class InMemoryQuestionLog:
    def __init__(self) -> None:
        self.entries: list[QuestionRecord] = []

    def record(self, entry: QuestionRecord) -> None:
        self.entries.append(entry)

    def gaps(self, *, limit: int = 20, threshold: float = 0.5) -> list[Gap]:
        low = [e for e in self.entries if e.confidence < threshold]
        counts = Counter(e.text.strip().lower() for e in low)
        return [Gap(text, n, None, 0.0) for text, n in counts.most_common(limit)]

    def erase_user(self, platform: str, workspace: str, user: str) -> int:
        before = len(self.entries)
        self.entries = [e for e in self.entries if (e.platform, e.workspace, e.user) != (platform, workspace, user)]
        return before - len(self.entries)


class InMemoryStore:
    def __init__(self) -> None:
        self._questions = InMemoryQuestionLog()

    @property
    def questions(self) -> InMemoryQuestionLog:
        return self._questions
