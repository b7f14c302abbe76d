"""The plan assessment as an explicit state machine: one question at a time, resumable from a plain dict.

Steps: level → target → focus → language (→ framework) → known (→ confirm, while a "did you mean" is open) →
quick check (an optional "know it / shaky / new to me" round over a few topics) → hours → check-in → done.
``advance`` never raises on user text: a bad answer re-prompts and keeps the state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.content import Content, Topic
from bot.grammar import PlanPreset
from bot.messages import Paragraph, Reply
from bot.plans.diagnostic import apply_check, apply_quick_check
from bot.plans.matching import match_topic
from bot.plans.parsing import (
    NONE_WORDS,
    AnswerError,
    echo,
    parse_areas,
    parse_checkin,
    parse_hours,
    parse_level,
    split_items,
    valid_timezone,
)
from bot.plans.prompts import cancelled_reply, finished_reply, prompt_reply
from bot.plans.stack_answers import apply_framework, apply_language, has_frameworks
from bot.plans.state import CURRENT_LEVELS, PREVIOUS, AssessmentState, Pending, PlanAnswers, Step, levels_above

MAX_ANSWER_CHARS = 1000
MAX_SPLIT_WORDS = 6  # "sql git docker": one item of several topic names, typed without commas


@dataclass(frozen=True)
class StepResult:
    """What one answer did: the new state (``None`` once cancelled), the reply to send, and the answers when done."""

    state: AssessmentState | None
    reply: Reply
    finished: bool = False
    answers: PlanAnswers | None = None
    accepted: bool = True  # False when the text did not answer the question (the state is unchanged)


def start(default_timezone: str | None = None) -> tuple[AssessmentState, Reply]:
    """A fresh assessment and its first question; ``default_timezone`` (from the platform) prefills the check-in."""
    state = AssessmentState(default_timezone=valid_timezone(default_timezone))
    return state, prompt_reply(state)


def preset(answers: PlanPreset, default_timezone: str | None, content: Content) -> tuple[AssessmentState, Reply]:
    """An assessment whose first answers came at once (a form): level, target, focus and hours.

    Raises :class:`AnswerError` (with the reason) when one of them would not be accepted typed in the DM either.
    The next question is the main language, then the rest as usual, the hours question left out.
    """
    state = AssessmentState(default_timezone=valid_timezone(default_timezone))
    level = parse_level(answers.level, CURRENT_LEVELS)
    target = parse_level(answers.target, levels_above(level))
    hours = parse_hours(str(answers.hours))
    focus = answers.focus
    state = replace(
        state, step=Step.LANGUAGE, level=level, target=target, focus=focus, hours_per_week=hours, hours_preset=True
    )
    areas = ", ".join(focus) if focus else "all areas"
    note = f"Got it: {level} → {target}, {hours} h a week, focus: {areas}. A few more questions, then your plan."
    return state, prompt_reply(state, content, note=note)


def current_prompt(state: AssessmentState, content: Content) -> Reply:
    """The question the user is on, e.g. to show again when they come back a day later."""
    if state.step is Step.DONE:
        return finished_reply(state, content)
    return prompt_reply(state, content)


def advance(state: AssessmentState, text: str, content: Content) -> StepResult:
    """Apply one typed answer (or button click); ``back`` and ``cancel`` work at every step."""
    answer = " ".join(text.split())
    command = answer.lower()
    if state.step is Step.DONE:
        return StepResult(state, finished_reply(state, content), True, state.answers())
    if command == "cancel":
        return StepResult(None, cancelled_reply())
    if command == "back":
        if state.step is Step.LEVEL:
            return _again(state, content, "This is the first question; there is nothing to go back to.")
        previous = _previous(state, content)
        return StepResult(previous, prompt_reply(previous, content))
    if not answer:
        return _again(state, content, "I didn't catch an answer.")
    if len(answer) > MAX_ANSWER_CHARS:
        return _again(state, content, f"That answer is {len(answer):,} characters long; please keep it short.")
    try:
        new, unplaced = _apply(state, answer, content)
    except AnswerError as problem:
        return _again(state, content, str(problem))
    if new.step is Step.HOURS and new.hours_preset:  # answered in the form already
        new = replace(new, step=Step.CHECKIN)
    if new.step is Step.DONE:
        return StepResult(new, finished_reply(new, content), True, new.answers())
    note = " ".join(part for part in (_note(state, new, content), unplaced) if part)
    return StepResult(new, prompt_reply(new, content, note=note))


def _previous(state: AssessmentState, content: Content) -> AssessmentState:
    if state.step is Step.CHECK and state.checked > 0:
        undone = state.checks[state.checked - 1]
        known = tuple(t for t in state.known if t != undone)
        shaky = tuple(t for t in state.shaky if t != undone)
        return replace(state, checked=state.checked - 1, known=known, shaky=shaky)
    step = PREVIOUS[state.step]
    if step is Step.FRAMEWORK and not has_frameworks(content, state.language):
        step = Step.LANGUAGE
    if step is Step.HOURS:  # going back to the hours asks them again, even when a form gave them
        return replace(state, step=step, pending=(), hours_preset=False)
    return replace(state, step=step, pending=())


def _apply(state: AssessmentState, answer: str, content: Content) -> tuple[AssessmentState, str]:
    """The state after a valid answer, with a note for the next prompt; :class:`AnswerError` when it is not valid."""
    match state.step:
        case Step.KNOWN:
            return _apply_known(state, answer, content)
        case Step.LANGUAGE:
            return apply_language(state, answer, content)
        case Step.FRAMEWORK:
            return apply_framework(state, answer, content), ""
        case Step.QUICK_CHECK:
            return apply_quick_check(state, answer, content)
        case Step.CHECK:
            return apply_check(state, answer)
    return _apply_one(state, answer, content), ""


def _apply_one(state: AssessmentState, answer: str, content: Content) -> AssessmentState:
    match state.step:
        case Step.LEVEL:
            level = parse_level(answer, CURRENT_LEVELS)
            target = state.target if state.target in levels_above(level) else None  # after `back`
            return replace(state, step=Step.TARGET, level=level, target=target)
        case Step.TARGET:
            target = parse_level(answer, levels_above(state.level))
            return replace(state, step=Step.FOCUS, target=target)
        case Step.FOCUS:
            return replace(state, step=Step.LANGUAGE, focus=parse_areas(answer))
        case Step.CONFIRM:
            return _apply_confirm(state, answer, content)
        case Step.HOURS:
            return replace(state, step=Step.CHECKIN, hours_per_week=parse_hours(answer))
        case _:
            checkin = parse_checkin(answer, state.default_timezone)
            known = tuple(dict.fromkeys(t.id for t in map(content.topic, state.known) if t is not None))
            return replace(state, step=Step.DONE, known=known, checkin=checkin)


def _apply_known(state: AssessmentState, answer: str, content: Content) -> tuple[AssessmentState, str]:
    if answer.lower() in NONE_WORDS:
        return replace(state, step=Step.QUICK_CHECK, known=(), pending=()), ""
    known: list[str] = []
    pending: list[Pending] = []
    unmatched: list[str] = []
    for item in split_items(answer):
        topic, suggestions = match_topic(content, item)
        words = _each_word(content, item) if topic is None else []
        if topic is not None:
            known.append(topic.id)
        elif words:
            known.extend(t.id for t in words)
        elif suggestions:
            pending.append(Pending(item, tuple(t.id for t in suggestions)))
        else:
            unmatched.append(item)
    if not known and not pending:
        shown = ", ".join(f"'{echo(u)}'" for u in unmatched[:3])
        raise AnswerError(
            f"I couldn't match {shown} to any topic. Name topics or tools, like `sql, git, docker`, or type `none`."
        )
    step = Step.CONFIRM if pending else Step.QUICK_CHECK
    shown = ", ".join(f"'{echo(u)}'" for u in unmatched[:5])
    unplaced = f"I couldn't place {shown}, so I left {'it' if len(unmatched) == 1 else 'them'} out." if shown else ""
    return replace(state, step=step, known=tuple(dict.fromkeys(known)), pending=tuple(pending)), unplaced


def _each_word(content: Content, item: str) -> list[Topic]:
    """Topics for "sql git docker" typed without commas: every word must name a topic on its own."""
    words = item.split()
    if not 1 < len(words) <= MAX_SPLIT_WORDS:
        return []
    topics = [match_topic(content, word)[0] for word in words]
    return [t for t in topics if t is not None] if all(topics) else []


def _apply_confirm(state: AssessmentState, answer: str, content: Content) -> AssessmentState:
    first, rest = state.pending[0], state.pending[1:]
    known = state.known
    if answer.lower() not in NONE_WORDS:
        topic, _ = match_topic(content, answer, first.suggestions)
        if topic is None:
            topic, _ = match_topic(content, answer)
        if topic is None:
            raise AnswerError(f"Pick one of the buttons for '{echo(first.text)}', type its name, or `none of these`.")
        known = tuple(dict.fromkeys((*known, topic.id)))
    return replace(state, step=Step.CONFIRM if rest else Step.QUICK_CHECK, known=known, pending=rest)


def _note(before: AssessmentState, after: AssessmentState, content: Content) -> str:
    """A line acknowledging the known topics, shown above the next question."""
    if before.step not in (Step.KNOWN, Step.CONFIRM) or after.step is not Step.QUICK_CHECK or not after.known:
        return ""
    titles = [t.title for t in map(content.topic, after.known) if t is not None]
    return "Noted, you know: " + ", ".join(titles) + "."


def _again(state: AssessmentState, content: Content, problem: str) -> StepResult:
    prompt = prompt_reply(state, content)
    return StepResult(state, replace(prompt, blocks=(Paragraph(problem), *prompt.blocks)), accepted=False)


QUESTION_WORDS = frozenset(
    [
        "what",
        "whats",
        "what's",
        "why",
        "how",
        "when",
        "where",
        "who",
        "which",
        "can",
        "could",
        "should",
        "would",
        "is",
        "are",
        "does",
        "do",
        "did",
        "explain",
        "tell",
        "difference",
    ]
)
QUESTION_STEPS = frozenset({Step.KNOWN, Step.CONFIRM})  # where a topic name is an answer, a question never is


def reads_as_question(state: AssessmentState, text: str, result: StepResult) -> bool:
    """True when ``text`` is a question for the mentor rather than an answer to the assessment.

    It must read as one (a question mark, or a question word and more), and it must not be a valid answer,
    except while topics are being named, where "what is kubernetes" would otherwise match a topic.
    """
    words = text.lower().split()
    looks = text.rstrip().endswith("?") or (len(words) > 1 and words[0].strip(",:") in QUESTION_WORDS)
    if not looks or words[0] in {"back", "cancel"}:
        return False
    return not result.accepted or state.step in QUESTION_STEPS
