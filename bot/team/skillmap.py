"""The team skill map: per area, how many people learn it, finished topics in it and review it, and by level.

Privacy first: a count of one or two people is shown only when each of them shares (``team share on``); otherwise
the cell is hidden. Names appear only for people who share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content import AREAS, LEVELS, Content
from bot.plans.stored import load_plan
from bot.ports import Profile

MIN_CELL = 3


@dataclass(frozen=True)
class Cell:
    count: int
    shown: bool

    def text(self) -> str:
        return str(self.count) if self.shown else "–"


@dataclass(frozen=True)
class AreaRow:
    area: str
    learning: Cell
    finished: Cell
    reviewing: Cell
    by_level: tuple[Cell, ...]  # people active in the area (learning, finished or reviewing), by their level


@dataclass(frozen=True)
class Sharer:
    name: str
    level: str | None
    finished: tuple[tuple[str, int], ...]  # (area, topics finished)
    learning: tuple[str, ...]


@dataclass(frozen=True)
class SkillMap:
    members: int
    with_plans: int
    rows: tuple[AreaRow, ...]
    sharers: tuple[Sharer, ...]

    @property
    def hidden(self) -> int:
        return sum(1 for row in self.rows for cell in (row.learning, row.finished, row.reviewing) if not cell.shown)


@dataclass
class _Person:
    sharing: bool
    level: str | None
    learning: set[str]
    finished: dict[str, int]
    reviewing: set[str]

    @property
    def active(self) -> set[str]:
        return self.learning | set(self.finished) | self.reviewing


def build_map(content: Content, profiles: Sequence[Profile]) -> SkillMap:
    people = [_person(content, profile) for profile in profiles]
    rows = []
    for area in AREAS:
        by_level = tuple(_cell([p for p in people if p.level == level and area in p.active]) for level in LEVELS)
        rows.append(
            AreaRow(
                area,
                _cell([p for p in people if area in p.learning]),
                _cell([p for p in people if area in p.finished]),
                _cell([p for p in people if area in p.reviewing]),
                by_level,
            )
        )
    sharers = tuple(
        Sharer(
            profile.member.name or "someone",
            person.level,
            tuple(sorted(person.finished.items(), key=lambda item: (-item[1], item[0]))),
            tuple(sorted(person.learning)),
        )
        for profile, person in zip(profiles, people, strict=True)
        if person.sharing and person.active
    )
    with_plans = sum(1 for profile in profiles if profile.plan is not None)
    return SkillMap(len(profiles), with_plans, tuple(rows), tuple(sorted(sharers, key=lambda s: s.name.lower())))


def visible(people: Sequence[bool]) -> bool:
    """A group of people may be counted aloud: none, at least ``MIN_CELL``, or every one of them shares."""
    return not people or len(people) >= MIN_CELL or all(people)


def _cell(people: list[_Person]) -> Cell:
    return Cell(len(people), visible([p.sharing for p in people]))


def _person(content: Content, profile: Profile) -> _Person:
    finished: dict[str, int] = defaultdict(int)
    for topic_id in profile.done:
        topic = content.topic(topic_id)
        if topic is not None:
            finished[topic.area] += 1
    reviewing = {topic.area for t in profile.reviewed if (topic := content.topic(t)) is not None}
    level, learning = None, set()
    if profile.plan is not None:
        try:
            plan = load_plan(content, profile.plan)
        except ValueError:
            plan = None
        if plan is not None:
            level = plan.level
            learning = {
                topic.area
                for topic_id in plan.topic_ids
                if topic_id not in profile.done and (topic := content.topic(topic_id)) is not None
            }
    return _Person(profile.member.share, level, learning, dict(finished), reviewing)
