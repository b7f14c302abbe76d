"""A plan as stored: its inputs, and its weeks, each holding parts of topics that fit the weekly hours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MIN_HOURS = 1
MAX_HOURS = 40
PLAN_VERSION = 2
HORIZON_WEEKS = 12


class PlanInputError(ValueError):
    """An input to :func:`build_plan` is out of range; the message says which and what is allowed."""


@dataclass(frozen=True)
class Part:
    """``hours`` of one topic in one week: part ``index`` of ``count``, out of ``total_hours`` for the topic."""

    topic_id: str
    hours: int
    index: int = 1
    count: int = 1
    total_hours: int = 0

    @property
    def label(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True)
class Week:
    number: int
    hours: int
    parts: tuple[Part, ...]

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(part.topic_id for part in self.parts)


@dataclass(frozen=True)
class Plan:
    """A plan as stored: the inputs it was built from, its weeks, and the known topics it left out.

    ``stack`` is the person's language and framework ids (``None``: not sure yet); ``focus_only`` drops
    prerequisites outside the focus areas.
    """

    level: str
    target: str
    focus: tuple[str, ...]
    hours_per_week: int
    weeks: tuple[Week, ...]
    skipped_known: tuple[str, ...] = ()
    stack: tuple[str, ...] | None = None
    focus_only: bool = False

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """Every topic in the plan, in learning order (where each starts)."""
        return tuple(dict.fromkeys(topic_id for week in self.weeks for topic_id in week.topic_ids))

    @property
    def hours_total(self) -> int:
        return sum(week.hours for week in self.weeks)

    def span(self, topic_id: str) -> tuple[int, int] | None:
        """The first and last week holding ``topic_id``, or ``None`` when it is not in the plan."""
        numbers = [w.number for w in self.weeks if topic_id in w.topic_ids]
        return (numbers[0], numbers[-1]) if numbers else None

    def week_of(self, topic_id: str) -> int | None:
        """The week ``topic_id`` starts in, or ``None`` when it is not in the plan."""
        span = self.span(topic_id)
        return span[0] if span else None

    def total_hours(self, topic_id: str) -> int:
        return sum(p.hours for w in self.weeks for p in w.parts if p.topic_id == topic_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "version": PLAN_VERSION,
            "level": self.level,
            "target": self.target,
            "focus": list(self.focus),
            "focus_only": self.focus_only,
            "stack": None if self.stack is None else list(self.stack),
            "hours_per_week": self.hours_per_week,
            "weeks": [
                {
                    "number": w.number,
                    "hours": w.hours,
                    "parts": [[p.topic_id, p.hours, p.index, p.count, p.total_hours] for p in w.parts],
                }
                for w in self.weeks
            ],
            "skipped_known": list(self.skipped_known),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read a dict written by :meth:`to_dict`; raises ``ValueError`` when it is malformed or of another version.

        Version 1 plans need the content to be rebuilt: see :func:`bot.plans.stored.load_plan`.
        """
        try:
            if data["version"] != PLAN_VERSION:
                raise ValueError(f"unsupported plan version {data['version']!r}")
            weeks = tuple(
                Week(
                    int(w["number"]),
                    int(w["hours"]),
                    tuple(Part(str(t), int(h), int(i), int(n), int(total)) for t, h, i, n, total in w["parts"]),
                )
                for w in data["weeks"]
            )
            stack = data["stack"]
            return cls(
                level=str(data["level"]),
                target=str(data["target"]),
                focus=tuple(str(a) for a in data["focus"]),
                hours_per_week=int(data["hours_per_week"]),
                weeks=weeks,
                skipped_known=tuple(str(t) for t in data["skipped_known"]),
                stack=None if stack is None else tuple(str(s) for s in stack),
                focus_only=bool(data["focus_only"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"malformed plan data: {exc!r}") from exc
