"""The assessment's stack questions: the person's main language, then (when it has cards) their framework."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answers.text import fold
from bot.content import Content
from bot.plans import stack as stacks
from bot.plans.parsing import AnswerError, echo
from bot.plans.state import NO_FRAMEWORK, UNSURE, AssessmentState, Step

MAX_OTHER_WORDS = 3
_NAME = re.compile(r"^[\w#+.\- ]+$")
NONE_FRAMEWORK_WORDS = frozenset({"none", "no", "no framework", "nothing", "not sure", "not sure yet", "skip"})


def has_frameworks(content: Content, language: str | None) -> bool:
    found = stacks.choice(content, language) if language else None
    return isinstance(found, stacks.StackLanguage) and bool(found.frameworks)


def apply_language(state: AssessmentState, answer: str, content: Content) -> tuple[AssessmentState, str]:
    """``python``, ``python django``, ``django`` (implies Python), ``another``, ``not sure yet`` or a language name."""
    folded = fold(answer)
    if folded in stacks.UNSURE_WORDS:
        suggested = stacks.suggested_language(content)
        note = f"No problem: I'll suggest {suggested.title} as a first language." if suggested else ""
        return replace(state, step=Step.KNOWN, language=UNSURE, framework=None), note
    if folded in stacks.OTHER_WORDS:
        return _other(state)
    language, framework = _language_and_framework(content, answer)
    if language is None:
        words = folded.split()
        if not words or len(words) > MAX_OTHER_WORDS or not _NAME.match(answer) or any(c.isdigit() for c in folded):
            raise AnswerError("Pick your main language with a button, type its name, or choose `not sure yet`.")
        state, _ = _other(state)
        return state, f"I have no cards for {echo(answer)} itself; the concept cards all stay in your plan."
    if framework is None and has_frameworks(content, language):
        return replace(state, step=Step.FRAMEWORK, language=language, framework=None), ""
    return replace(state, step=Step.KNOWN, language=language, framework=framework or NO_FRAMEWORK), ""


def apply_framework(state: AssessmentState, answer: str, content: Content) -> AssessmentState:
    folded = fold(answer)
    if folded in NONE_FRAMEWORK_WORDS:
        return replace(state, step=Step.KNOWN, framework=NO_FRAMEWORK)
    if folded in stacks.OTHER_WORDS:
        return replace(state, step=Step.KNOWN, framework=stacks.OTHER)
    language = stacks.choice(content, state.language or "")
    pool = language.frameworks if isinstance(language, stacks.StackLanguage) else ()
    found = stacks.find(content, answer, pool)
    if found is None:
        names = ", ".join(f.title for f in pool)
        raise AnswerError(f"Pick one of: {names}, or `another` or `none`.")
    return replace(state, step=Step.KNOWN, framework=found.id)


def _other(state: AssessmentState) -> tuple[AssessmentState, str]:
    return replace(state, step=Step.KNOWN, language=stacks.OTHER, framework=None), ""


def _language_and_framework(content: Content, answer: str) -> tuple[str | None, str | None]:
    """A language and maybe a framework named in one answer ("python + django", "spring")."""
    whole = stacks.find(content, answer)
    if whole is not None:
        return _split(content, whole.id)
    language: str | None = None
    framework: str | None = None
    for word in re.split(r"[\s,/+&]+|\band\b|\bwith\b", answer):
        found = stacks.find(content, word) if word else None
        if found is None:
            continue
        lang, frame = _split(content, found.id)
        language = language or lang
        framework = framework or frame
    return language, framework


def _split(content: Content, stack_id: str) -> tuple[str | None, str | None]:
    owner = stacks.language_of(content, stack_id)
    return (owner.id, stack_id) if owner else (stack_id, None)
