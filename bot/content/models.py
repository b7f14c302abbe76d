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
FAQ_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"
FaqId = Annotated[str, StringConstraints(pattern=FAQ_ID_PATTERN, max_length=130)]
YearMonth = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]
HttpsUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://[^\s]+$", max_length=400)]
ResourceKind = Literal["spec", "rfc", "docs", "book", "paper", "article", "talk"]
RESOURCE_KINDS: tuple[str, ...] = ("spec", "rfc", "docs", "book", "paper", "article", "talk")
AUTHORITATIVE_KINDS = frozenset({"spec", "rfc", "docs"})
PACKAGED_LAYER = "packaged"

FAQ_ANSWER_LIMIT = 600
FAQ_QUESTION_LIMIT = 200
CHECK_LIMIT = 600
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CHECK_LIMIT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Faq(_Strict):
    """A specific question engineers ask, with a direct answer of 2–5 sentences."""

    id: FaqId
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=FAQ_QUESTION_LIMIT)]
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=FAQ_ANSWER_LIMIT)]
    verified: YearMonth | None = None


class Check(_Strict):
    """A self-check question and its short model answer."""

    question: Line
    answer: Paragraph


class Misconception(_Strict):
    """A common wrong belief and the fact that corrects it."""

    myth: Line
    fact: Paragraph


class Resource(_Strict):
    """A source: books by title and chapter *name*, everything online with its ``https://`` address."""

    title: Line
    url: HttpsUrl | None = None
    kind: ResourceKind


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
    faqs: tuple[Faq, ...] = ()
    checks: tuple[Check, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    resources: tuple[Resource, ...] = ()
    verified: YearMonth | None = None
    layer: str = PACKAGED_LAYER


class AreaFile(_Strict):
    area: str
    topics: tuple[Topic, ...]


TipForm = Literal["concept-before-tool", "myth-vs-fact", "spot-the-bug", "incident", "checklist", "trade-off"]
TIP_HEADINGS: dict[str, str] = {
    "concept-before-tool": "Concept before tool",
    "myth-vs-fact": "Myth vs fact",
    "spot-the-bug": "Spot the bug",
    "incident": "From the incident log",
    "checklist": "Checklist",
    "trade-off": "Trade-off",
}


class Tip(_Strict):
    """A weekly tip; ``concept`` is the topic it teaches, ``tool`` the tool it comes before (that form only)."""

    id: Id
    concept: Id
    tool: Id | None = None
    form: TipForm = "concept-before-tool"
    headline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    body: Text
    exercise: Text
    ask_next: Annotated[tuple[Text, ...], Field(min_length=2, max_length=3)]
    layer: str = PACKAGED_LAYER


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


class SynonymsFile(_Strict):
    """Plain synonyms and abbreviations of topic titles that need no explaining on the card (``k8s: kubernetes``)."""

    synonyms: dict[str, Text] = Field(default_factory=dict)


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
    synonyms: dict[str, str] = field(default_factory=dict)

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

    def faq(self, faq_id: str) -> tuple[Topic, Faq] | None:
        """The FAQ entry with this id and its topic."""
        topic = self.topic(faq_id.partition("/")[0])
        entry = next((f for f in topic.faqs if f.id == faq_id), None) if topic else None
        return (topic, entry) if topic and entry else None

    def track(self, level: str) -> Track | None:
        return next((t for t in self.tracks if t.level == level), None)
