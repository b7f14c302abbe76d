"""The quiz's words: `quiz [me] [on] <topic|area>`, `review`, `review on|off`, and the buttons' own commands.

A message that merely starts with one of these words (``review my schema design``, ``quiz questions for a
junior interview?``) stays a question: the handler gives unresolvable quiz targets back to the answerer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.digests.arguments import ArgumentError, ScheduleArgs, parse_schedule_args

GRADE_WORDS = ("again", "hard", "good", "easy")
REVIEW_FORM = "`review on [days] [HH:MM] [time zone]` (e.g. `review on weekdays 08:30 Europe/Berlin`) or `review off`"


@dataclass(frozen=True)
class Quiz:
    target: str | None = None  # a topic or area as typed; None: due items and plan topics


@dataclass(frozen=True)
class QuizStep:
    """A click on a quiz button: ``action`` is show | grade | tf | skip | stop."""

    action: str
    item: str = ""
    value: str = ""


@dataclass(frozen=True)
class Review:
    pass


@dataclass(frozen=True)
class ReviewReminder:
    on: bool
    args: ScheduleArgs = field(default_factory=ScheduleArgs)


@dataclass(frozen=True)
class NotQuiz:
    """Text that starts with a quiz word but reads as a question."""


@dataclass(frozen=True)
class QuizMalformed:
    hint: str


QuizCommand = Quiz | QuizStep | Review | ReviewReminder
MAX_TARGET_WORDS = 6


def parse_quiz(keyword: str, rest: str) -> QuizCommand | NotQuiz | QuizMalformed:
    """Parse a message whose first word is ``quiz``, ``review`` or ``reviews`` (``rest``: the other words)."""
    words = rest.split(" ") if rest else []
    lowered = [w.lower() for w in words]
    if keyword == "quiz":
        return _parse_quiz(words, lowered)
    if not words or lowered == ["now"]:
        return Review()
    if lowered[0] == "off" and len(words) == 1:
        return ReviewReminder(on=False)
    if lowered[0] == "on":
        try:
            return ReviewReminder(on=True, args=parse_schedule_args(words[1:], allow_channel=False))
        except ArgumentError as error:
            if len(words) > 4 or "?" in rest:
                return NotQuiz()
            return QuizMalformed(f"{error}\nForm: {REVIEW_FORM}.")
    return NotQuiz()


def _parse_quiz(words: list[str], lowered: list[str]) -> QuizCommand | NotQuiz:
    if lowered[:1] == ["show"] and len(words) == 2 and "/" in words[1]:
        return QuizStep("show", words[1])
    if lowered[:1] == ["skip"] and len(words) == 2 and "/" in words[1]:
        return QuizStep("skip", words[1])
    if lowered[:1] == ["grade"] and len(words) == 3 and lowered[1] in GRADE_WORDS and "/" in words[2]:
        return QuizStep("grade", words[2], lowered[1])
    if lowered[:1] == ["tf"] and len(words) == 3 and lowered[1] in {"true", "false"} and "/" in words[2]:
        return QuizStep("tf", words[2], lowered[1])
    if lowered == ["stop"]:
        return QuizStep("stop")
    if lowered[:1] == ["me"]:
        words, lowered = words[1:], lowered[1:]
    if lowered[:1] in (["on"], ["about"]):
        words = words[1:]
    if not words:
        return Quiz()
    target = " ".join(words)
    if len(words) > MAX_TARGET_WORDS or "?" in target:
        return NotQuiz()
    return Quiz(target)
