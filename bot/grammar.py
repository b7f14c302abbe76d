"""The command grammar: text in, a command (or a question, or a hint for a malformed command) out.

A message is a command only when it parses as one; anything else is a question for the mentor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content.models import AREAS


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
class Question:
    """Free text that is not a command: the mentor answers it."""

    text: str


@dataclass(frozen=True)
class Malformed:
    """Text that starts like a command but does not fit its form; ``hint`` shows the right form."""

    hint: str


Command = Help | Ask | Topics
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
