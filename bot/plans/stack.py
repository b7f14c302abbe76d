"""The person's stack: which language and framework cards belong in their plan.

A stack is a tuple of ids from ``content/stacks.yaml`` (a language, then maybe a framework); ``("other",)`` means a
language without cards here, and ``None`` means "not sure yet" (the suggested language only).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers.text import fold
from bot.content import Content
from bot.content.models import StackChoice, StackLanguage

__all__ = ["OTHER", "StackChoice", "StackLanguage", "cards_for", "choice", "describe", "find", "languages"]

OTHER = "other"
OTHER_WORDS = frozenset({"other", "another", "another one", "something else", "none of these"})
UNSURE_WORDS = frozenset({"not sure", "not sure yet", "unsure", "dont know", "don't know", "no idea", "undecided"})


def languages(content: Content) -> tuple[StackLanguage, ...]:
    return content.stacks.languages if content.stacks else ()


def all_choices(content: Content) -> list[StackChoice]:
    return [c for language in languages(content) for c in (language, *language.frameworks)]


def stack_cards(content: Content) -> set[str]:
    """Every language- or framework-specific topic id."""
    return {c.topic for c in all_choices(content) if c.topic is not None}


def suggested_language(content: Content) -> StackLanguage | None:
    suggested = content.stacks.suggested if content.stacks else None
    return next((language for language in languages(content) if language.id == suggested), None)


def cards_for(content: Content, stack: Iterable[str] | None) -> set[str]:
    """The stack-specific topic ids this stack keeps (``None``: the suggested language's card only)."""
    if stack is None:
        suggested = suggested_language(content)
        return {suggested.topic} if suggested and suggested.topic else set()
    chosen = set(stack)
    return {c.topic for c in all_choices(content) if c.id in chosen and c.topic is not None}


def choice(content: Content, stack_id: str) -> StackChoice | None:
    return next((c for c in all_choices(content) if c.id == stack_id), None)


def language_of(content: Content, framework_id: str) -> StackLanguage | None:
    return next((lang for lang in languages(content) if any(f.id == framework_id for f in lang.frameworks)), None)


def find(content: Content, text: str, pool: Iterable[StackChoice] | None = None) -> StackChoice | None:
    """The language or framework ``text`` names (id, title or alias, any case), or ``None``."""
    wanted = fold(text)
    for candidate in all_choices(content) if pool is None else pool:
        names = (candidate.id.replace("-", " "), candidate.id, candidate.title, *candidate.aliases)
        if wanted in {fold(name) for name in names}:
            return candidate
    return None


def describe(content: Content, stack: tuple[str, ...] | None) -> str:
    """``Python + Django``, ``another language`` or ``not sure yet (Python suggested)``."""
    if stack is None:
        suggested = suggested_language(content)
        return f"not sure yet ({suggested.title} suggested)" if suggested else "not sure yet"
    titles = [OTHER_TITLE if s == OTHER else (c.title if (c := choice(content, s)) else s) for s in stack]
    return " + ".join(titles) or OTHER_TITLE


OTHER_TITLE = "another language"
