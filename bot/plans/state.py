"""The assessment's state: where the user is, what they answered so far, and its plain-dict form for storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.content import AREAS, LEVELS
from bot.plans.builder import MAX_HOURS, MIN_HOURS
from bot.plans.parsing import DAYS, Checkin

CURRENT_LEVELS: tuple[str, ...] = LEVELS[:-1]  # nobody plans a step up from the top of the ladder
STATE_VERSION = 2
EXPIRES_AFTER = timedelta(hours=24)
UNSURE = "unsure"
NO_FRAMEWORK = "none"


class Step(StrEnum):
    LEVEL = "level"
    TARGET = "target"
    FOCUS = "focus"
    LANGUAGE = "language"
    FRAMEWORK = "framework"
    KNOWN = "known"
    CONFIRM = "confirm"
    QUICK_CHECK = "quick_check"
    CHECK = "check"
    HOURS = "hours"
    CHECKIN = "checkin"
    DONE = "done"


PREVIOUS = {
    Step.TARGET: Step.LEVEL,
    Step.FOCUS: Step.TARGET,
    Step.LANGUAGE: Step.FOCUS,
    Step.FRAMEWORK: Step.LANGUAGE,
    Step.KNOWN: Step.FRAMEWORK,
    Step.CONFIRM: Step.KNOWN,
    Step.QUICK_CHECK: Step.KNOWN,
    Step.CHECK: Step.QUICK_CHECK,
    Step.HOURS: Step.QUICK_CHECK,
    Step.CHECKIN: Step.HOURS,
}


@dataclass(frozen=True)
class Pending:
    """A listed topic the matcher was unsure about, with the topic ids it suggests."""

    text: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class PlanAnswers:
    """The finished assessment: everything ``build_plan`` and the check-in scheduler need."""

    level: str
    target: str
    focus: tuple[str, ...]
    known: tuple[str, ...]
    hours_per_week: int
    checkin: Checkin | None
    stack: tuple[str, ...] | None = None  # None: not sure yet


@dataclass(frozen=True)
class AssessmentState:
    """Where the assessment stands; ``to_dict``/``from_dict`` store it as JSON between messages and restarts."""

    step: Step = Step.LEVEL
    default_timezone: str | None = None
    level: str | None = None
    target: str | None = None
    focus: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    pending: tuple[Pending, ...] = ()
    hours_per_week: int | None = None
    checkin: Checkin | None = None
    language: str | None = None  # a stacks.yaml id, "other" or "unsure"
    framework: str | None = None  # a stacks.yaml id, "other" or "none"
    checks: tuple[str, ...] = ()  # the quick check's topics, asked in order
    checked: int = 0  # how many of them are answered
    shaky: tuple[str, ...] = ()
    hours_preset: bool = False  # the hours came with the first answers (a form): the hours question is skipped
    updated_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        """Left alone for a day (or stored before times were kept): no longer catches messages."""
        return self.updated_at is None or now - self.updated_at >= EXPIRES_AFTER

    def stack(self) -> tuple[str, ...] | None:
        """The person's stack for :func:`bot.plans.build_plan`; ``None`` when not sure yet (or not asked)."""
        if self.language in (None, UNSURE):
            return None
        return tuple(s for s in (self.language, self.framework) if s not in (None, NO_FRAMEWORK))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "step": self.step.value,
            "default_timezone": self.default_timezone,
            "level": self.level,
            "target": self.target,
            "focus": list(self.focus),
            "known": list(self.known),
            "pending": [{"text": p.text, "suggestions": list(p.suggestions)} for p in self.pending],
            "hours_per_week": self.hours_per_week,
            "checkin": None if self.checkin is None else asdict(self.checkin),
            "language": self.language,
            "framework": self.framework,
            "checks": list(self.checks),
            "checked": self.checked,
            "shaky": list(self.shaky),
            "hours_preset": self.hours_preset,
            "updated_at": None if self.updated_at is None else self.updated_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentState:
        """Read a dict written by :meth:`to_dict`; raises ``ValueError`` when it is malformed."""
        try:
            if data["version"] not in (1, STATE_VERSION):
                raise ValueError(f"unsupported assessment state version {data['version']!r}")
            checkin = data["checkin"]
            updated = data.get("updated_at")
            state = cls(
                step=Step(data["step"]),
                default_timezone=_optional_str(data["default_timezone"]),
                level=_optional_str(data["level"]),
                target=_optional_str(data["target"]),
                focus=tuple(str(a) for a in data["focus"]),
                known=tuple(str(t) for t in data["known"]),
                pending=tuple(Pending(str(p["text"]), tuple(map(str, p["suggestions"]))) for p in data["pending"]),
                hours_per_week=None if data["hours_per_week"] is None else int(data["hours_per_week"]),
                checkin=None
                if checkin is None
                else Checkin(str(checkin["day"]), str(checkin["time"]), str(checkin["timezone"])),
                language=_optional_str(data.get("language")),
                framework=_optional_str(data.get("framework")),
                checks=tuple(str(t) for t in data.get("checks", ())),
                checked=int(data.get("checked", 0)),
                shaky=tuple(str(t) for t in data.get("shaky", ())),
                hours_preset=bool(data.get("hours_preset", False)),
                updated_at=None if updated is None else datetime.fromisoformat(str(updated)),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed assessment state: {exc!r}") from exc
        _check(state)
        return state

    def answers(self) -> PlanAnswers | None:
        """The answers once the assessment is done, else ``None``."""
        if self.step is not Step.DONE or self.level is None or self.target is None or self.hours_per_week is None:
            return None
        return PlanAnswers(
            self.level, self.target, self.focus, self.known, self.hours_per_week, self.checkin, self.stack()
        )


def levels_above(level: str | None) -> tuple[str, ...]:
    """The levels a target can be: every level above ``level``."""
    return LEVELS[LEVELS.index(level) + 1 :] if level in LEVELS else LEVELS[1:]


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _check(state: AssessmentState) -> None:
    """Reject a stored state that could not have been produced by ``advance``."""
    problems = [
        state.level is not None and state.level not in CURRENT_LEVELS,
        state.target is not None and state.target not in levels_above(state.level),
        any(a not in AREAS for a in state.focus),
        state.step is Step.CONFIRM and not state.pending,
        state.step is Step.CHECK and not 0 <= state.checked < len(state.checks),
        any(not p.suggestions for p in state.pending),
        state.hours_per_week is not None and not MIN_HOURS <= state.hours_per_week <= MAX_HOURS,
        state.checkin is not None and state.checkin.day not in DAYS,
        state.step is Step.DONE and state.answers() is None,
    ]
    if any(problems):
        raise ValueError("inconsistent assessment state")
