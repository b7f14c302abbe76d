"""Autocomplete sources: topic titles, IANA time zones, the 14 areas; a hook for the user's own plan."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable, Sequence

from bot.content import AREAS, Content

MAX_CHOICES = 25  # Discord shows at most 25 suggestions
MAX_CHOICE_CHARS = 100

PlanTopics = Callable[[str, str], Sequence[str]]
"""``(workspace, user) -> titles of the topics in that user's plan``; runs in a worker thread."""


class Suggestions:
    """Answers autocomplete quickly from memory (Discord allows 3 s)."""

    def __init__(self, content: Content, plan_topics: PlanTopics | None = None) -> None:
        self._aliases = {
            t.title: tuple(a.casefold() for a in t.aliases)
            for t in sorted(content.topics.values(), key=lambda t: t.title.casefold())
        }
        titles = {a.id: a.title for a in content.areas}
        self.areas: tuple[tuple[str, str], ...] = tuple((titles.get(a, a), a) for a in AREAS)
        self._zones = sorted(zoneinfo.available_timezones())
        self._plan_topics = plan_topics

    def topics(self, typed: str) -> list[str]:
        """Topic titles matching what was typed (in the title or an alias); titles that start with it first."""
        return _rank(typed, self._aliases, lambda title: self._aliases[title])

    def plan_topics(self, workspace: str, user: str, typed: str) -> list[str]:
        """Topics for ``done``/``skip``: the user's plan when a source is wired in, else every topic title.

        Hook: pass ``plan_topics`` to ``Suggestions`` once the core can list a user's plan.
        """
        if self._plan_topics is None:
            return self.topics(typed)
        return _rank(typed, self._plan_topics(workspace, user))

    def timezones(self, typed: str) -> list[str]:
        """IANA zone names containing what was typed, e.g. ``berl`` → ``Europe/Berlin``."""
        return _rank(typed.replace(" ", "_"), self._zones)


def _rank(typed: str, names: Iterable[str], aliases: Callable[[str], Iterable[str]] = lambda _: ()) -> list[str]:
    """Names that start with ``typed`` first, then names (or their aliases) that contain it; case-blind."""
    key = typed.strip().casefold()
    starts: list[str] = []
    inside: list[str] = []
    for name in names:
        folded = name.casefold()
        if folded.startswith(key):
            starts.append(name[:MAX_CHOICE_CHARS])
            if len(starts) == MAX_CHOICES:
                break
        elif key in folded or any(key in alias for alias in aliases(name)):
            inside.append(name[:MAX_CHOICE_CHARS])
    return (starts + inside)[:MAX_CHOICES]
