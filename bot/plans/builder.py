"""Building a learning plan: the topics between two levels, prerequisites first, packed into weeks."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.content import AREAS, LEVELS, Content, Topic

MIN_HOURS = 1
MAX_HOURS = 40
PLAN_VERSION = 1


class PlanInputError(ValueError):
    """An input to :func:`build_plan` is out of range; the message says which and what is allowed."""


@dataclass(frozen=True)
class Week:
    number: int
    hours: int
    topic_ids: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A plan as stored: the inputs it was built from, its weeks, and the known topics it left out."""

    level: str
    target: str
    focus: tuple[str, ...]
    hours_per_week: int
    weeks: tuple[Week, ...]
    skipped_known: tuple[str, ...] = ()

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """Every topic in the plan, in learning order."""
        return tuple(topic_id for week in self.weeks for topic_id in week.topic_ids)

    def week_of(self, topic_id: str) -> int | None:
        """The number of the week holding ``topic_id``, or ``None`` when it is not in the plan."""
        return next((w.number for w in self.weeks if topic_id in w.topic_ids), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "version": PLAN_VERSION,
            "level": self.level,
            "target": self.target,
            "focus": list(self.focus),
            "hours_per_week": self.hours_per_week,
            "weeks": [{"number": w.number, "hours": w.hours, "topic_ids": list(w.topic_ids)} for w in self.weeks],
            "skipped_known": list(self.skipped_known),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read a dict written by :meth:`to_dict`; raises ``ValueError`` when it is malformed."""
        try:
            if data["version"] != PLAN_VERSION:
                raise ValueError(f"unsupported plan version {data['version']!r}")
            weeks = tuple(
                Week(int(w["number"]), int(w["hours"]), tuple(str(t) for t in w["topic_ids"])) for w in data["weeks"]
            )
            return cls(
                level=str(data["level"]),
                target=str(data["target"]),
                focus=tuple(str(a) for a in data["focus"]),
                hours_per_week=int(data["hours_per_week"]),
                weeks=weeks,
                skipped_known=tuple(str(t) for t in data["skipped_known"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed plan data: {exc!r}") from exc


def build_plan(
    content: Content, *, level: str, target: str, focus: Sequence[str], known: Sequence[str], hours_per_week: int
) -> Plan:
    """The plan from ``level`` to ``target`` in the ``focus`` areas (empty = all), for ``hours_per_week``.

    Gap topics come from the tracks (the current level's ``next_step`` plus the ``topics`` of each level above it,
    up to ``target``); missing prerequisites are added from any area; ``known`` topic ids are left out, and their own
    prerequisites are not pulled in for them. Raises :class:`PlanInputError` on bad input.
    """
    focus_areas = _validate(level, target, focus, hours_per_week)
    known_ids = _known_ids(content, known)
    gap = [t for t in _gap_topics(content, level, target) if not focus_areas or t.area in focus_areas]
    needed, skipped = _close_over_prerequisites(content, gap, known_ids, level)
    ordered = _topological_order(content, needed)
    rank = {topic_id: i for i, topic_id in enumerate(_topological_order(content, needed | skipped))}
    return Plan(
        level=level,
        target=target,
        focus=tuple(a for a in AREAS if a in focus_areas),
        hours_per_week=hours_per_week,
        weeks=tuple(_pack(content, ordered, hours_per_week)),
        skipped_known=tuple(sorted(skipped, key=rank.__getitem__)),
    )


def _validate(level: str, target: str, focus: Sequence[str], hours_per_week: int) -> set[str]:
    levels = ", ".join(LEVELS)
    if level not in LEVELS:
        raise PlanInputError(f"unknown level {level!r}; use one of: {levels}")
    if target not in LEVELS:
        raise PlanInputError(f"unknown target level {target!r}; use one of: {levels}")
    if LEVELS.index(target) < LEVELS.index(level):
        raise PlanInputError(f"the target level ({target}) must not be below the current level ({level})")
    unknown = [a for a in focus if a not in AREAS]
    if unknown:
        raise PlanInputError(f"unknown area(s): {', '.join(map(repr, unknown))}; use some of: {', '.join(AREAS)}")
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, int):
        raise PlanInputError(f"hours per week must be a whole number, not {hours_per_week!r}")
    if not MIN_HOURS <= hours_per_week <= MAX_HOURS:
        raise PlanInputError(f"hours per week must be between {MIN_HOURS} and {MAX_HOURS}, not {hours_per_week}")
    return set(focus)


def _known_ids(content: Content, known: Sequence[str]) -> set[str]:
    resolved = {topic_id: content.topic(topic_id) for topic_id in known}
    unknown = [topic_id for topic_id, topic in resolved.items() if topic is None]
    if unknown:
        raise PlanInputError(f"unknown topic id(s): {', '.join(map(repr, unknown))}")
    return {topic.id for topic in resolved.values() if topic is not None}


def _gap_topics(content: Content, level: str, target: str) -> list[Topic]:
    current = LEVELS.index(level)
    ids: list[str] = []
    for track in content.tracks:
        index = LEVELS.index(track.level)
        if index == current:
            ids.extend(track.next_step)
        if current < index <= LEVELS.index(target):
            ids.extend(track.topics)
    return [topic for topic_id in dict.fromkeys(ids) if (topic := content.topic(topic_id)) is not None]


def _close_over_prerequisites(
    content: Content, gap: Iterable[Topic], known: set[str], level: str
) -> tuple[set[str], set[str]]:
    """The gap plus its missing prerequisites (transitively), and the known topics met on the way.

    A prerequisite whose level is below the person's current level is taken as already learned (a senior engineer
    is not sent back to junior material); the gap itself is always kept unless the person said they know it.
    """
    needed: set[str] = set()
    skipped: set[str] = set()
    gap_ids = [topic.id for topic in gap]
    below = set(LEVELS[: LEVELS.index(level)])
    stack = list(gap_ids)
    while stack:
        topic_id = stack.pop()
        if topic_id in known:
            skipped.add(topic_id)
            continue
        if topic_id in needed or (topic_id not in gap_ids and content.topics[topic_id].level in below):
            continue
        needed.add(topic_id)
        stack.extend(p.id for p in _prerequisites(content, topic_id))
    return needed, skipped


def _prerequisites(content: Content, topic_id: str) -> list[Topic]:
    topic = content.topics[topic_id]
    return [p for p in map(content.topic, topic.prerequisites) if p is not None]


def _topological_order(content: Content, ids: set[str]) -> list[str]:
    """Kahn's algorithm; among topics ready at the same time: level order, then area order, then id."""
    area_rank = {area: i for i, area in enumerate(AREAS)}

    def key(topic_id: str) -> tuple[int, int, str]:
        topic = content.topics[topic_id]
        return LEVELS.index(topic.level), area_rank.get(topic.area, len(AREAS)), topic_id

    waiting = {topic_id: {p.id for p in _prerequisites(content, topic_id)} & ids for topic_id in ids}
    dependants: dict[str, list[str]] = {topic_id: [] for topic_id in ids}
    for topic_id, prerequisites in waiting.items():
        for prerequisite in prerequisites:
            dependants[prerequisite].append(topic_id)
    ready = [key(topic_id) for topic_id, prerequisites in waiting.items() if not prerequisites]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        topic_id = heapq.heappop(ready)[2]
        order.append(topic_id)
        for dependant in dependants[topic_id]:
            waiting[dependant].discard(topic_id)
            if not waiting[dependant]:
                heapq.heappush(ready, key(dependant))
    if len(order) != len(ids):  # the content checks forbid cycles; never silently drop a topic
        raise ValueError(f"prerequisite cycle among: {sorted(set(ids) - set(order))}")
    return order


def _pack(content: Content, ordered: Sequence[str], hours_per_week: int) -> list[Week]:
    """Greedy, in order: a week takes topics until the next would overflow it; an oversized topic sits alone."""
    weeks: list[Week] = []
    current: list[str] = []
    hours = 0

    def close() -> None:
        nonlocal current, hours
        if current:
            weeks.append(Week(len(weeks) + 1, hours, tuple(current)))
        current, hours = [], 0

    for topic_id in ordered:
        topic_hours = content.topics[topic_id].hours
        if hours + topic_hours > hours_per_week:
            close()
        current.append(topic_id)
        hours += topic_hours
        if hours >= hours_per_week:
            close()
    close()
    return weeks


def plan_export(content: Content, plan: Plan) -> dict[str, Any]:
    """The plan with topic details, as printed by ``mentor plan --json``."""
    weeks = [
        {
            "week": week.number,
            "hours": week.hours,
            "topics": [
                {"id": t.id, "title": t.title, "area": t.area, "hours": t.hours}
                for t in map(content.topic, week.topic_ids)
                if t is not None
            ],
        }
        for week in plan.weeks
    ]
    return {"weeks": weeks, "skipped_known": list(plan.skipped_known)}
