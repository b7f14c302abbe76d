"""Building a learning plan: the topics between two levels, for the person's stack, prerequisites first, in weeks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.content import AREAS, LEVELS, Content, Topic
from bot.plans import stack as stacks
from bot.plans.plan import HORIZON_WEEKS, MAX_HOURS, MIN_HOURS, PLAN_VERSION, Part, Plan, PlanInputError, Week
from bot.plans.schedule import pack

__all__ = [
    "MAX_HOURS",
    "MIN_HOURS",
    "PLAN_VERSION",
    "Part",
    "Plan",
    "PlanInputError",
    "Week",
    "build_plan",
    "plan_export",
    "schedule_topics",
]


def build_plan(
    content: Content,
    *,
    level: str,
    target: str,
    focus: Sequence[str],
    known: Sequence[str],
    hours_per_week: int,
    stack: Sequence[str] | None = None,
    focus_only: bool = False,
) -> Plan:
    """The plan from ``level`` to ``target`` in the ``focus`` areas (empty = all), for ``hours_per_week``.

    Gap topics come from the tracks (the current level's ``next_step`` plus the ``topics`` of each level above it,
    up to ``target``); missing prerequisites are added from any area (only from the focus areas when
    ``focus_only``); ``known`` topic ids are left out, and their own prerequisites are not pulled in for them.
    Language and framework cards stay only for ``stack`` (``None``: the suggested language). A junior also gets
    their stack's cards. Raises :class:`PlanInputError` on bad input.
    """
    focus_areas = _validate(level, target, focus, hours_per_week)
    chosen = _stack(content, stack)
    known_ids = _known_ids(content, known)
    excluded = stacks.stack_cards(content) - stacks.cards_for(content, chosen)

    def in_focus(topic: Topic) -> bool:
        return not focus_areas or topic.area in focus_areas

    gap = [t for t in _gap_topics(content, level, target, chosen) if in_focus(t) and t.id not in excluded]
    assumed = excluded | ({t.id for t in content.topics.values() if not in_focus(t)} if focus_only else set())
    needed, skipped = _close_over_prerequisites(content, gap, known_ids, level, assumed)
    weeks = schedule_topics(content, needed, hours_per_week, focus_areas)
    rank = {topic_id: i for i, topic_id in enumerate(_rank(content, needed | skipped, focus_areas))}
    return Plan(
        level=level,
        target=target,
        focus=tuple(a for a in AREAS if a in focus_areas),
        hours_per_week=hours_per_week,
        weeks=tuple(weeks),
        skipped_known=tuple(sorted(skipped, key=rank.__getitem__)),
        stack=chosen,
        focus_only=focus_only and bool(focus_areas),
    )


def schedule_topics(content: Content, ids: Iterable[str], hours_per_week: int, focus: Iterable[str] = ()) -> list[Week]:
    """``ids`` packed into weeks of ``hours_per_week``, prerequisites (among ``ids``) finished first."""
    ids = set(ids)
    topics = {topic_id: content.topics[topic_id] for topic_id in ids}
    links = {topic_id: {p.id for p in _prerequisites(content, topic_id)} & ids for topic_id in ids}
    order = _rank(content, ids, set(focus))
    return pack({t: topics[t].hours for t in ids}, links, order, hours_per_week)


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


def _stack(content: Content, stack: Sequence[str] | None) -> tuple[str, ...] | None:
    if stack is None:
        return None
    resolved: list[str] = []
    for name in stack:
        if name.lower() in stacks.OTHER_WORDS:
            resolved.append(stacks.OTHER)
        elif (found := stacks.find(content, name)) is not None:
            resolved.append(found.id)
        else:
            names = ", ".join(c.id for c in stacks.all_choices(content))
            raise PlanInputError(f"unknown language or framework {name!r}; use some of: {names}, or other")
    return tuple(dict.fromkeys(resolved))


def _known_ids(content: Content, known: Sequence[str]) -> set[str]:
    resolved = {topic_id: content.topic(topic_id) for topic_id in known}
    unknown = [topic_id for topic_id, topic in resolved.items() if topic is None]
    if unknown:
        raise PlanInputError(f"unknown topic id(s): {', '.join(map(repr, unknown))}")
    return {topic.id for topic in resolved.values() if topic is not None}


def _gap_topics(content: Content, level: str, target: str, stack: tuple[str, ...] | None) -> list[Topic]:
    current = LEVELS.index(level)
    ids: list[str] = []
    for track in content.tracks:
        index = LEVELS.index(track.level)
        if index == current:
            ids.extend(track.next_step)
        if current < index <= LEVELS.index(target):
            ids.extend(track.topics)
    if level == LEVELS[0]:  # a junior learns their own language and framework too
        ids.extend(sorted(stacks.cards_for(content, stack)))
    return [topic for topic_id in dict.fromkeys(ids) if (topic := content.topic(topic_id)) is not None]


def _close_over_prerequisites(
    content: Content, gap: Iterable[Topic], known: set[str], level: str, assumed: set[str]
) -> tuple[set[str], set[str]]:
    """The gap plus its missing prerequisites (transitively), and the known topics met on the way.

    A prerequisite whose level is below the person's current level is taken as already learned (a senior engineer
    is not sent back to junior material), and so is one in ``assumed`` (another stack's cards, or outside the focus
    areas for a focus-only plan); the gap itself is always kept unless the person said they know it.
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
        if topic_id in needed:
            continue
        if topic_id not in gap_ids and (content.topics[topic_id].level in below or topic_id in assumed):
            continue
        needed.add(topic_id)
        stack.extend(p.id for p in _prerequisites(content, topic_id))
    return needed, skipped


def _prerequisites(content: Content, topic_id: str) -> list[Topic]:
    topic = content.topics[topic_id]
    return [p for p in map(content.topic, topic.prerequisites) if p is not None]


def _rank(content: Content, ids: set[str], focus: set[str]) -> list[str]:
    """Start order among topics ready at once: level, then the focus areas, then area order, then id."""
    area_rank = {area: i for i, area in enumerate(AREAS)}

    def key(topic_id: str) -> tuple[int, int, int, str]:
        topic = content.topics[topic_id]
        outside = int(bool(focus) and topic.area not in focus)
        return LEVELS.index(topic.level), outside, area_rank.get(topic.area, len(AREAS)), topic_id

    return sorted(ids, key=key)


def plan_export(content: Content, plan: Plan, horizon: int = HORIZON_WEEKS) -> dict[str, Any]:
    """The plan with topic details, as printed by ``mentor plan --json``."""
    weeks = [
        {
            "week": week.number,
            "hours": week.hours,
            "topics": [_part(content, part) for part in week.parts],
        }
        for week in plan.weeks
    ]
    return {
        "weeks": weeks,
        "weeks_total": len(plan.weeks),
        "hours_total": plan.hours_total,
        "hours_per_week": plan.hours_per_week,
        "horizon": min(horizon, len(plan.weeks)),
        "skipped_known": list(plan.skipped_known),
        "focus": list(plan.focus),
        "focus_only": plan.focus_only,
        "stack": None if plan.stack is None else list(plan.stack),
    }


def _part(content: Content, part: Part) -> dict[str, Any]:
    topic = content.topic(part.topic_id)
    return {
        "id": part.topic_id,
        "title": topic.title if topic else part.topic_id,
        "area": topic.area if topic else "",
        "hours": part.hours,
        "total_hours": part.total_hours,
        "part": part.label,
    }
