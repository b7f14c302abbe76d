"""Typed models of the content files; validation of one file happens here, of the whole set in checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Level = Literal["junior", "mid", "senior", "staff", "principal"]
LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "staff", "principal")
AREAS: tuple[str, ...] = (
    "languages",
    "frameworks",
    "databases",
    "apis",
    "security",
    "caching",
    "scalability",
    "distributed-systems",
    "testing",
    "devops",
    "observability",
    "version-control",
    "architecture",
    "career",
)
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(_Strict):
    id: Id
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=75)]
    area: str = ""
    aliases: tuple[str, ...] = ()
    level: Level
    hours: Annotated[int, Field(ge=1, le=200)]
    prerequisites: tuple[Id, ...] = ()
    tools: tuple[str, ...] = ()
    related: tuple[Id, ...] = ()
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
    why: Text
    practice: Text
    resources: tuple[str, ...] = ()


class AreaFile(_Strict):
    area: str
    topics: tuple[Topic, ...]


class Tip(_Strict):
    id: Id
    concept: Id
    tool: Id
    headline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    body: Text
    exercise: Text
    ask_next: Annotated[tuple[Text, ...], Field(min_length=2, max_length=3)]


class TipFile(_Strict):
    tips: tuple[Tip, ...]


class Track(_Strict):
    level: Level
    title: Text
    summary: Text
    technical: tuple[Text, ...]
    leadership: tuple[Text, ...]
    product: tuple[Text, ...]
    topics: tuple[Id, ...]
    next_step: tuple[Id, ...] = ()


class TrackFile(_Strict):
    tracks: tuple[Track, ...]


class CoverageItem(_Strict):
    item: Text
    topics: Annotated[tuple[Id, ...], Field(min_length=1)]


class CoverageSource(_Strict):
    name: Text
    items: tuple[CoverageItem, ...]


class CoverageFile(_Strict):
    sources: tuple[CoverageSource, ...]


class Replacement(_Strict):
    old: Id
    new: Id


class ReplacedFile(_Strict):
    topics: tuple[Replacement, ...] = ()
    tips: tuple[Replacement, ...] = ()


class StackChoice(_Strict):
    """A framework someone can name as part of their stack; ``topic`` is its card, when there is one."""

    id: Id
    title: Text
    topic: Id | None = None
    aliases: tuple[str, ...] = ()


class StackLanguage(StackChoice):
    frameworks: tuple[StackChoice, ...] = ()


class StacksFile(_Strict):
    suggested: Id
    languages: tuple[StackLanguage, ...]


class Area(_Strict):
    id: str
    title: Text
    description: Text


class AreasFile(_Strict):
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``, loaded and indexed."""

    areas: tuple[Area, ...]
    topics: dict[str, Topic]
    tips: tuple[Tip, ...]
    tracks: tuple[Track, ...]
    coverage: tuple[CoverageSource, ...] = ()
    replaced_topics: dict[str, str] = field(default_factory=dict)
    replaced_tips: dict[str, str] = field(default_factory=dict)
    stacks: StacksFile | None = None

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, following ``replaced_by`` entries for old ids."""
        seen: set[str] = set()
        while topic_id in self.replaced_topics and topic_id not in seen:
            seen.add(topic_id)
            topic_id = self.replaced_topics[topic_id]
        return self.topics.get(topic_id)

    def tip(self, tip_id: str) -> Tip | None:
        """The tip with this id, following ``replaced_by`` entries for old ids."""
        tip_id = self.replaced_tips.get(tip_id, tip_id)
        return next((t for t in self.tips if t.id == tip_id), None)

    def area_topics(self, area: str) -> list[Topic]:
        return [t for t in self.topics.values() if t.area == area]

    def track(self, level: str) -> Track | None:
        return next((t for t in self.tracks if t.level == level), None)
