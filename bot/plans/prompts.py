"""The assessment's questions as replies: one question, buttons for the choices, typed answers always work."""

from __future__ import annotations

from bot.content import AREAS, Content
from bot.messages import Bullets, Button, Paragraph, Reply
from bot.plans import stack as stacks
from bot.plans.builder import MAX_HOURS, MIN_HOURS
from bot.plans.parsing import echo
from bot.plans.render import shorten
from bot.plans.state import CURRENT_LEVELS, AssessmentState, Step, levels_above

STEPS = 8
SUMMARY_CHARS = 160
FOOTER = "Type your answer or use a button. `back` goes one question back, `cancel` stops."
HOUR_CHOICES = (2, 4, 6, 8, 10)
_NUMBER = {
    Step.LEVEL: 1,
    Step.TARGET: 2,
    Step.FOCUS: 3,
    Step.LANGUAGE: 4,
    Step.FRAMEWORK: 4,
    Step.KNOWN: 5,
    Step.CONFIRM: 5,
    Step.QUICK_CHECK: 6,
    Step.CHECK: 6,
    Step.HOURS: 7,
    Step.CHECKIN: 8,
}
STEP_NAMES = {
    Step.LEVEL: "your current level",
    Step.TARGET: "the level you're aiming for",
    Step.FOCUS: "your focus areas",
    Step.LANGUAGE: "your main language",
    Step.FRAMEWORK: "your framework",
    Step.KNOWN: "what you already know",
    Step.CONFIRM: "what you already know",
    Step.QUICK_CHECK: "the optional quick check",
    Step.CHECK: "the quick check",
    Step.HOURS: "your hours a week",
    Step.CHECKIN: "weekly check-ins",
}


def question_number(state: AssessmentState) -> str:
    """``4 of 8 (your main language)``."""
    if state.step is Step.DONE:
        return f"{STEPS} of {STEPS}"
    return f"{_NUMBER[state.step]} of {STEPS} ({STEP_NAMES[state.step]})"


def where_it_stands(state: AssessmentState) -> str:
    """One line: which question the assessment is on and how to go on or stop."""
    if state.step is Step.DONE:
        return "Your plan questions are all answered."
    return (
        f"Your plan is waiting on question {question_number(state)}: "
        "answer it to carry on, `plan` shows it again, `cancel` stops."
    )


def prompt_reply(state: AssessmentState, content: Content | None = None, note: str = "") -> Reply:
    """The question for ``state.step``; ``note`` (an acknowledgement) goes above it."""
    question, buttons = _question(state, content)
    blocks = (Paragraph(note), Paragraph(question)) if note else (Paragraph(question),)
    navigation = (Button("Back", "back"),) if state.step is not Step.LEVEL else ()
    return Reply(
        heading=f"Your learning plan · question {_NUMBER[state.step]} of {STEPS}",
        blocks=blocks,
        buttons=(*buttons, *navigation, Button("Cancel", "cancel")),
        footer=FOOTER,
    )


def _question(state: AssessmentState, content: Content | None) -> tuple[str, tuple[Button, ...]]:
    match state.step:
        case Step.LEVEL:
            return "Where are you today? Pick your current level.", _choices(CURRENT_LEVELS)
        case Step.TARGET:
            level = "mid-level" if state.level == "mid" else state.level
            question = f"You're a {level} engineer. Which level are you aiming for?"
            return question, _choices(levels_above(state.level))
        case Step.FOCUS:
            titles = {a.id: a.title for a in content.areas} if content else {}
            return (
                "Which areas should the plan focus on? Name one or more, separated by commas or spaces "
                f"({', '.join(AREAS)}), or choose `all`.",
                (Button("All areas", "all"), *(Button(titles.get(area, area), area) for area in AREAS)),
            )
        case Step.LANGUAGE:
            return _language_question(content)
        case Step.FRAMEWORK:
            return _framework_question(state, content)
        case Step.QUICK_CHECK:
            return (
                "Want a quick check? I'll name up to 8 topics from the start of your plan; tap `know it`, `shaky` "
                "or `new to me` for each (under 3 minutes), and I'll leave out what you know. "
                "You can still mark topics `done` later.",
                (Button("Yes, quick check", "yes"), Button("Skip it", "skip")),
            )
        case Step.CHECK:
            return _check_question(state, content)
        case Step.KNOWN:
            return (
                "What do you already know well? List topics or tools, separated by commas "
                "(e.g. `sql, git, docker`), and I'll leave them out. Type `none` if you'd rather cover everything.",
                (Button("Nothing yet", "none"),),
            )
        case Step.CONFIRM:
            return _confirm_question(state, content)
        case Step.HOURS:
            return (
                f"How many hours a week can you spend on learning? A whole number from {MIN_HOURS} to {MAX_HOURS}.",
                tuple(Button(f"{hours} h", str(hours)) for hours in HOUR_CHOICES),
            )
        case _:
            return _checkin_question(state.default_timezone)


def _language_question(content: Content | None) -> tuple[str, tuple[Button, ...]]:
    languages = stacks.languages(content) if content else ()
    buttons = tuple(Button(language.title, language.id) for language in languages)
    question = (
        "What's your main programming language (and framework, if you like, e.g. `python django`)? "
        "Language and framework cards in your plan follow your answer; the concepts stay for everyone."
    )
    return question, (*buttons, Button("Another", "another"), Button("Not sure yet", "not sure yet"))


def _framework_question(state: AssessmentState, content: Content | None) -> tuple[str, tuple[Button, ...]]:
    language = stacks.choice(content, state.language or "") if content else None
    frameworks = language.frameworks if isinstance(language, stacks.StackLanguage) else ()
    title = language.title if language else "your language"
    buttons = tuple(Button(f.title, f.id) for f in frameworks)
    question = f"Which {title} framework do you use most?"
    return question, (*buttons, Button("Another", "another"), Button("None / not sure", "none"))


def _check_question(state: AssessmentState, content: Content | None) -> tuple[str, tuple[Button, ...]]:
    topic_id = state.checks[state.checked]
    topic = content.topic(topic_id) if content else None
    name = topic.title if topic else topic_id
    about = f" {shorten(topic.summary, SUMMARY_CHARS)}" if topic else ""
    question = f"Quick check {state.checked + 1} of {len(state.checks)}: {name}.{about} How well do you know it?"
    buttons = (Button("Know it", "know it"), Button("Shaky", "shaky"), Button("New to me", "new to me"))
    return question, (*buttons, Button("Stop checking", "stop"))


def _confirm_question(state: AssessmentState, content: Content | None) -> tuple[str, tuple[Button, ...]]:
    pending = state.pending[0]
    topics = [t for t in map(content.topic, pending.suggestions) if t is not None] if content else []
    buttons = [Button(t.title, t.id) for t in topics] if topics else [Button(i, i) for i in pending.suggestions]
    titles = ", ".join(b.label for b in buttons)
    question = f"I'm not sure what you meant by '{echo(pending.text)}'. Did you mean {titles}?"
    return question, (*buttons, Button("None of these", "none of these"))


def _checkin_question(zone: str | None) -> tuple[str, tuple[Button, ...]]:
    example = zone or "Europe/Berlin"
    question = (
        "When should I check in each week? Give a day, a time and your IANA time zone, "
        f"e.g. `mon 09:00 {example}`. Type `skip` for no check-ins."
    )
    if zone:
        question += f" Your time zone looks like {zone}; leave it out to use it."
    choices = (("mon", "09:00"), ("wed", "12:00"), ("fri", "16:00"))
    zone = zone or "UTC"
    buttons = tuple(Button(f"{day.capitalize()} {time} {zone}", f"{day} {time} {zone}") for day, time in choices)
    return question, (*buttons, Button("No check-ins", "skip"))


def _choices(levels: tuple[str, ...]) -> tuple[Button, ...]:
    return tuple(Button(level.capitalize(), level) for level in levels)


def finished_reply(state: AssessmentState, content: Content) -> Reply:
    """A summary of the answers, sent when the last question is answered."""
    titles = {a.id: a.title for a in content.areas}
    known = [t.title for t in map(content.topic, state.known) if t is not None]
    checkin = state.checkin
    lines = (
        f"From {state.level} to {state.target}",
        "Focus: " + (", ".join(titles.get(a, a) for a in state.focus) or "all areas"),
        "Stack: " + stacks.describe(content, state.stack()),
        "Already known: " + (", ".join(known) or "nothing left out"),
        f"Time: {state.hours_per_week} h a week",
        "Check-ins: "
        + (
            f"{checkin.day.capitalize()} at {checkin.time} ({checkin.timezone})"
            if checkin
            else "none (`checkin on` later)"
        ),
    )
    return Reply(heading="That's everything: here is what I'll plan around", blocks=(Bullets(lines),))


def cancelled_reply() -> Reply:
    return Reply(
        blocks=(Paragraph("Okay, I've dropped the plan questions. Type `plan` whenever you want to start over."),)
    )
