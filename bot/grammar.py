"""The command grammar: text in, a command (or a question, or a hint for a malformed command) out.

A message is a command only when it parses as one; anything else is a question for the mentor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.content.models import AREAS
from bot.digests.arguments import ArgumentError, ScheduleArgs, parse_schedule_args
from bot.feedback.grammar import FeedbackCommand, FeedbackMalformed, parse_feedback
from bot.quiz.grammar import NotQuiz, QuizCommand, QuizMalformed, parse_quiz
from bot.team.grammar import TeamCommand, TeamMalformed, parse_team


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Ask:
    question: str


@dataclass(frozen=True)
class Topics:
    area: str | None = None
    page: int = 1


@dataclass(frozen=True)
class ShowTip:
    pass


@dataclass(frozen=True)
class DigestSubscribe:
    args: ScheduleArgs


@dataclass(frozen=True)
class DigestUnsubscribe:
    channel: str | None = None


@dataclass(frozen=True)
class DigestStatus:
    pass


@dataclass(frozen=True)
class DigestPreview:
    pass


@dataclass(frozen=True)
class DigestNow:
    pass


@dataclass(frozen=True)
class DigestMe:
    on: bool
    args: ScheduleArgs = field(default_factory=ScheduleArgs)


@dataclass(frozen=True)
class DigestResend:
    delivery_id: int | None  # None: every unconfirmed delivery of the workspace


@dataclass(frozen=True)
class PlanCommand:
    action: str  # "show" | "reset" | "picture" | "all" | "focus only" | "hours" | "resume" | "restart" | "progress"
    number: int = 0  # the page for "all", the hours for "hours"


@dataclass(frozen=True)
class PlanPreset:
    """The assessment's first answers at once (the Discord form): ``plan answers level mid target senior hours 6
    focus databases,caching`` (``focus all`` for every area). Level and target are checked when it is handled."""

    level: str
    target: str
    hours: int
    focus: tuple[str, ...] = ()  # () means all areas


@dataclass(frozen=True)
class MarkTopic:
    state: str  # "done" | "skipped"
    topic: str


@dataclass(frozen=True)
class CheckinCommand:
    on: bool
    args: ScheduleArgs = field(default_factory=ScheduleArgs)


@dataclass(frozen=True)
class ForgetMe:
    confirmed: bool | None = None  # None: ask first; True: erase; False: keep


@dataclass(frozen=True)
class ExportMe:
    """Everything stored about the person, as one JSON file."""


@dataclass(frozen=True)
class Question:
    """Free text that is not a command: the mentor answers it."""

    text: str


@dataclass(frozen=True)
class Malformed:
    """Text that starts like a command but does not fit its form; ``hint`` shows the right form."""

    hint: str


DigestCommand = DigestSubscribe | DigestUnsubscribe | DigestStatus | DigestPreview | DigestNow | DigestMe | DigestResend
PlanCommands = PlanCommand | PlanPreset | MarkTopic | CheckinCommand
Command = (
    Help
    | Ask
    | Topics
    | ShowTip
    | DigestCommand
    | PlanCommands
    | ForgetMe
    | ExportMe
    | QuizCommand
    | FeedbackCommand
    | TeamCommand
)
Parsed = Command | Question | Malformed

_SPACES = re.compile(r"\s+")
_AREA_ALIASES = {area.replace("-", " "): area for area in AREAS} | {
    "distributed": "distributed-systems",
    "git": "version-control",
    "api": "apis",
    "db": "databases",
    "database": "databases",
    "cache": "caching",
    "language": "languages",
    "framework": "frameworks",
    "ops": "devops",
}


def normalize(text: str) -> str:
    """Collapse white space; the grammar works on this form."""
    return _SPACES.sub(" ", text).strip()


def parse(text: str) -> Parsed:
    """Parse one message. Never raises."""
    words = normalize(text)
    keyword, _, rest = words.partition(" ")
    keyword = keyword.lower()
    if keyword in {"help", "commands", "?"} and not rest:
        return Help()
    if keyword == "ask":
        return Ask(rest) if rest else Malformed("Ask me something after `ask`, e.g. `ask what is database indexing`.")
    if keyword == "topics":
        return _parse_topics(rest, words)
    if keyword == "tip" and not rest:
        return ShowTip()
    if keyword == "digest":
        return _parse_digest(rest.split(" ") if rest else [])
    if keyword in {"plan", "progress"} and (plan := _parse_plan(keyword, rest.lower())) is not None:
        return plan
    if keyword in {"done", "skip"} and _looks_like_topic(rest):
        return MarkTopic("done" if keyword == "done" else "skipped", rest)
    if keyword in {"checkin", "check-in"}:
        return _parse_checkin(rest.split(" ") if rest else [])
    if keyword in {"team", "partners"} and (team := parse_team(words, area_id)) is not None:
        return Malformed(team.hint) if isinstance(team, TeamMalformed) else team
    return _parse_privacy(keyword, rest.lower()) or _parse_learning(keyword, rest, words)


_FORGET = {"me": None, "me confirm": True, "me cancel": False}


def _parse_privacy(keyword: str, rest: str) -> ForgetMe | ExportMe | None:
    """``forget me [confirm|cancel]`` and ``export me``, exactly: ``export my data to csv?`` is a question."""
    if keyword == "forget" and rest in _FORGET:
        return ForgetMe(_FORGET[rest])
    if keyword == "export" and rest == "me":
        return ExportMe()
    return None


def _parse_learning(keyword: str, rest: str, words: str) -> Parsed:
    """Quizzes, reviews, feedback and follow-ups; anything else is a question."""
    if keyword in {"quiz", "review", "reviews"}:
        parsed = parse_quiz(keyword, rest)
        if isinstance(parsed, QuizMalformed):
            return Malformed(parsed.hint)
        if not isinstance(parsed, NotQuiz):
            return parsed
    feedback = parse_feedback(words)
    if isinstance(feedback, FeedbackMalformed):
        return Malformed(feedback.hint)
    if feedback is not None:
        return feedback
    return Question(words)


def area_id(text: str) -> str | None:
    """The area id a user typed, forgiving case, spaces for hyphens and a few short forms."""
    key = text.lower().strip().replace("-", " ").replace("_", " ")
    if key.replace(" ", "-") in AREAS:
        return key.replace(" ", "-")
    return _AREA_ALIASES.get(key)


def _parse_topics(rest: str, words: str) -> Parsed:
    if not rest:
        return Topics()
    args = rest.split(" ")
    page = 1
    if len(args) > 1 and args[-1].isdigit() and len(args[-1]) <= 3:
        page = max(1, int(args[-1]))
        args = args[:-1]
    area = area_id(" ".join(args))
    if area:
        return Topics(area, page)
    if len(args) == 1:
        return Malformed(f"I don't know that area. Try `topics <area>` with one of: {', '.join(AREAS)}.")
    return Question(words)


DIGEST_SUBSCRIBE_FORM = "`digest subscribe [#channel|here] [days] [HH:MM] [time zone]`"
DIGEST_ME_FORM = "`digest me on [days] [HH:MM] [time zone]`"
DIGEST_FORMS = (
    f"{DIGEST_SUBSCRIBE_FORM}, `digest unsubscribe [#channel|here]`, "
    f"`digest status`, `digest preview`, `digest now`, {DIGEST_ME_FORM}, `digest me off`"
)


def _parse_digest(args: list[str]) -> Parsed:
    sub, rest = (args[0].lower(), args[1:]) if args else ("", [])
    try:
        if sub == "subscribe":
            return DigestSubscribe(parse_schedule_args(rest, allow_channel=True))
        if sub == "unsubscribe" and len(rest) <= 1:
            return DigestUnsubscribe(parse_schedule_args(rest, allow_channel=True).channel)
        if sub == "status" and not rest:
            return DigestStatus()
        if sub == "preview" and not rest:
            return DigestPreview()
        if sub == "now" and not rest:
            return DigestNow()
        if sub == "me" and rest and rest[0].lower() in {"on", "off"}:
            if rest[0].lower() == "off" and len(rest) == 1:
                return DigestMe(on=False)
            if rest[0].lower() == "on":
                return DigestMe(on=True, args=parse_schedule_args(rest[1:], allow_channel=False))
        if sub == "resend" and len(rest) == 1 and rest[0].isdigit() and len(rest[0]) < 12:
            return DigestResend(int(rest[0]))
        if sub == "resend" and len(rest) == 1 and rest[0].lower() == "all":
            return DigestResend(None)
    except ArgumentError as error:
        form = DIGEST_ME_FORM if sub == "me" else DIGEST_SUBSCRIBE_FORM
        return Malformed(f"{error}\nForm: {form}.")
    return Malformed(f"I didn't understand that digest command. Try one of: {DIGEST_FORMS}.")


_PLAN_WORDS = {
    "": "show",
    "reset": "reset",
    "picture": "picture",
    "all": "all",
    "focus only": "focus only",
    "resume": "resume",
    "continue": "resume",
    "restart": "restart",
    "start over": "restart",
    "progress": "progress",
}


def _parse_plan(keyword: str, rest: str) -> Parsed | None:
    """``plan``, ``plan all [page]``, ``plan hours N``, ``plan focus only``, ``progress``...; ``None`` is a question."""
    if keyword == "progress":
        return None if rest else PlanCommand("progress")
    if rest in _PLAN_WORDS:
        return PlanCommand(_PLAN_WORDS[rest])
    words = rest.split(" ")
    if words[0] == "answers":
        return _parse_preset(words[1:])
    if len(words) == 2 and words[0] in {"all", "hours"}:
        if words[1].isdigit() and len(words[1]) <= 4:
            return PlanCommand(words[0], int(words[1]))
        if words[0] == "hours":
            return Malformed("Give the hours as a whole number, e.g. `plan hours 8`.")
    return None


PRESET_FORM = "`plan answers level <level> target <level> hours <n> focus <area,area…|all>`"


def _parse_preset(words: list[str]) -> Parsed:
    """``level L target T hours N focus A,B`` in this order; every part is needed."""
    if len(words) != 8 or words[0::2] != ["level", "target", "hours", "focus"]:
        return Malformed(f"That plan form is incomplete. Form: {PRESET_FORM}.")
    level, target, hours, focus = words[1::2]
    if not hours.isdigit() or len(hours) > 4:
        return Malformed(f"Give the hours as a whole number, e.g. `hours 6`. Form: {PRESET_FORM}.")
    if focus == "all":
        return PlanPreset(level, target, int(hours))
    areas = [area_id(name) for name in focus.split(",") if name]
    if not areas or None in areas:
        return Malformed(f"Focus areas are some of: {', '.join(AREAS)} (or `all`). Form: {PRESET_FORM}.")
    return PlanPreset(level, target, int(hours), tuple(a for a in AREAS if a in areas))


MAX_TOPIC_WORDS = 8


def _looks_like_topic(text: str) -> bool:
    """``done redis`` marks a topic; ``skip list vs b-tree`` is a question."""
    lowered = f" {text.lower()} "
    return (
        bool(text)
        and len(text.split()) <= MAX_TOPIC_WORDS
        and "?" not in text
        and " vs " not in lowered
        and (" versus " not in lowered)
    )


def _parse_checkin(args: list[str]) -> Parsed:
    sub, rest = (args[0].lower(), args[1:]) if args else ("", [])
    if sub == "off" and not rest:
        return CheckinCommand(on=False)
    if sub == "on":
        try:
            return CheckinCommand(on=True, args=parse_schedule_args(rest, allow_channel=False))
        except ArgumentError as error:
            return Malformed(f"{error}\nForm: `checkin on [day] [HH:MM] [time zone]`, e.g. `checkin on mon 09:00 UTC`.")
    return Malformed(
        "Try `checkin on [day] [HH:MM] [time zone]` (e.g. `checkin on fri 16:00 Europe/Berlin`) or `checkin off`."
    )
