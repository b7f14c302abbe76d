"""Packing topics into weeks of a fixed number of hours.

A week never holds more than ``hours_per_week``. A topic starts only once every prerequisite in the plan has
finished in an earlier week; a topic longer than what is left of a week carries on in the following weeks, before
anything new starts, so it spans consecutive weeks. Short topics share a week. Among the topics ready to start,
the lowest ``rank`` goes first.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from bot.plans.plan import Part, Week


def pack(
    hours: Mapping[str, int],
    prerequisites: Mapping[str, set[str]],
    rank: Sequence[str],
    hours_per_week: int,
) -> list[Week]:
    """Weeks for every topic in ``hours`` (id → estimate); ``prerequisites`` lists links among those topics."""
    order = {topic_id: i for i, topic_id in enumerate(rank)}
    waiting = {t: len(prerequisites.get(t, set()) & hours.keys()) for t in hours}
    dependants: dict[str, list[str]] = {t: [] for t in hours}
    for topic_id in hours:
        for prerequisite in prerequisites.get(topic_id, set()) & hours.keys():
            dependants[prerequisite].append(topic_id)
    ready = [(order[t], t) for t, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    shares: list[list[tuple[str, int]]] = []
    left = dict(hours)
    carry: str | None = None
    while ready or carry:
        room, week, finished = hours_per_week, [], []
        while room and (carry or ready):
            topic_id = carry if carry else heapq.heappop(ready)[1]
            share = min(room, left[topic_id])
            week.append((topic_id, share))
            room -= share
            left[topic_id] -= share
            carry = topic_id if left[topic_id] else None
            if not carry:
                finished.append(topic_id)
        shares.append(week)
        for topic_id in finished:  # dependants may start next week, not in the week their prerequisite ends
            for dependant in dependants[topic_id]:
                waiting[dependant] -= 1
                if not waiting[dependant]:
                    heapq.heappush(ready, (order[dependant], dependant))
    if any(left.values()):  # a cycle; the content checks forbid them, but never drop a topic silently
        raise ValueError(f"prerequisite cycle among: {sorted(t for t, h in left.items() if h)}")
    return _numbered(shares, hours)


def _numbered(shares: list[list[tuple[str, int]]], hours: Mapping[str, int]) -> list[Week]:
    counts: dict[str, int] = {}
    for week in shares:
        for topic_id, _ in week:
            counts[topic_id] = counts.get(topic_id, 0) + 1
    seen: dict[str, int] = {}
    weeks = []
    for number, week in enumerate(shares, start=1):
        parts = []
        for topic_id, share in week:
            seen[topic_id] = seen.get(topic_id, 0) + 1
            parts.append(Part(topic_id, share, seen[topic_id], counts[topic_id], hours[topic_id]))
        weeks.append(Week(number, sum(p.hours for p in parts), tuple(parts)))
    return weeks
