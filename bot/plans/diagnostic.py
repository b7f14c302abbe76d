"""The optional quick check: a few topics from the coming plan, each answered "know it", "shaky" or "new to me".

"Know it" leaves the topic out of the plan, as if it had been listed as known; the rest stay. At most
``MAX_CHECKS`` one-click questions, so it takes well under three minutes.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answers.text import fold
from bot.content import Content
from bot.plans.builder import build_plan
from bot.plans.parsing import AnswerError
from bot.plans.state import AssessmentState, Step

MAX_CHECKS = 8
YES_WORDS = frozenset({"yes", "y", "ok", "sure", "check", "quick check", "start", "go", "yes please"})
NO_WORDS = frozenset({"no", "n", "skip", "no thanks", "not now", "none"})
KNOW = frozenset({"know it", "know", "known", "i know it", "yes", "solid", "k"})
SHAKY = frozenset({"shaky", "a bit", "somewhat", "kind of", "partly", "s"})
NEW = frozenset({"new", "new to me", "no", "never", "not yet", "n"})
STOP = frozenset({"stop", "stop checking", "enough", "done", "skip the rest", "finish"})


def candidates(state: AssessmentState, content: Content) -> tuple[str, ...]:
    """The first topics of the plan these answers give, in the focus areas when there are some."""
    if state.level is None or state.target is None:
        return ()
    plan = build_plan(
        content,
        level=state.level,
        target=state.target,
        focus=state.focus,
        known=state.known,
        hours_per_week=5,
        stack=state.stack(),
    )
    ids = [t for t in plan.topic_ids if not state.focus or content.topics[t].area in state.focus]
    return tuple(ids[:MAX_CHECKS])


def apply_quick_check(state: AssessmentState, answer: str, content: Content) -> tuple[AssessmentState, str]:
    folded = fold(answer)
    if folded in NO_WORDS:
        return replace(state, step=Step.HOURS, checks=(), checked=0), ""
    if folded not in YES_WORDS:
        raise AnswerError("Type `yes` for the quick check, or `skip` to go straight on.")
    checks = candidates(state, content)
    if not checks:
        return replace(state, step=Step.HOURS), "Nothing left to check: your plan is already trimmed."
    return replace(state, step=Step.CHECK, checks=checks, checked=0, shaky=()), ""


def apply_check(state: AssessmentState, answer: str) -> tuple[AssessmentState, str]:
    folded = fold(answer)
    if folded in STOP:
        return replace(state, step=Step.HOURS), _summary(state)
    topic_id = state.checks[state.checked]
    if folded in KNOW:
        state = replace(state, known=tuple(dict.fromkeys((*state.known, topic_id))))
    elif folded in SHAKY:
        state = replace(state, shaky=(*state.shaky, topic_id))
    elif folded not in NEW:
        raise AnswerError("Choose `know it`, `shaky` or `new to me` (or `stop` to end the quick check).")
    checked = state.checked + 1
    if checked < len(state.checks):
        return replace(state, checked=checked), ""
    done = replace(state, step=Step.HOURS, checked=checked)
    return done, _summary(done)


def _summary(state: AssessmentState) -> str:
    asked = set(state.checks[: state.checked])
    known = sum(1 for t in state.known if t in asked)
    shaky = sum(1 for t in state.shaky if t in asked)
    parts = []
    if known:
        parts.append(f"I'll leave out the {known} you know")
    if shaky:
        parts.append(f"keep the {shaky} shaky one{'s' if shaky > 1 else ''} in")
    return ("Thanks: " + " and ".join(parts) + ".") if parts else "Thanks: everything checked stays in your plan."
