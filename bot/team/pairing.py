"""Pairing learning partners for a week: a pure function of who joined, what they focus on and who met before.

Preferences, strongest first: no repeat of an earlier pair (as long as one can be avoided), the same focus area, and
different levels (a more senior partner with a learner). Greedy, most-constrained first: the person with the fewest
partners left that they have not met yet chooses first, taking the best of those. Small groups (where repeats are
hard to avoid) are tried several times in different orders and the best try is kept; large ones are split into
chunks of mixed levels within each area, so 5,000 people pair in well under a second. An odd person makes a trio.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REPEAT = 1000  # per earlier meeting: worse than any other preference
OTHER_AREA = 10
SAME_LEVEL = 4
CHUNK = 120  # people paired together at most; larger areas are split into mixed chunks
SMALL = 60  # groups up to this size get several tries
TRIES = 12

Pair = frozenset[str]


@dataclass(frozen=True)
class Candidate:
    user: str
    area: str | None  # the focus area they asked for, or their plan's first focus area
    level: int | None  # index in LEVELS, from their plan; None without a plan


def cost(a: Candidate, b: Candidate, met: Mapping[Pair, int]) -> int:
    """Lower is better: earlier meetings, then another focus area, then the same level."""
    value = REPEAT * met.get(frozenset((a.user, b.user)), 0)
    if a.area != b.area:
        value += OTHER_AREA
    if a.level is None or b.level is None:
        value += SAME_LEVEL // 2
    elif a.level == b.level:
        value += SAME_LEVEL
    elif abs(a.level - b.level) > 2:
        value += 1  # a junior with a principal works, a step or two apart works better
    return value


def pair_up(people: Sequence[Candidate], met: Mapping[Pair, int], seed: int) -> list[tuple[str, ...]]:
    """Groups of two (one of three when the count is odd) covering everyone; nobody alone unless alone in all."""
    if len(people) < 2:
        return []
    rng = random.Random(seed)
    ordered = sorted(people, key=lambda c: c.user)
    groups: list[list[Candidate]] = []
    leftovers: list[Candidate] = []
    for chunk in _chunks(ordered, rng):
        paired, rest = _pair_chunk(chunk, met, rng)
        groups += paired
        leftovers += rest
    while len(leftovers) > 1:  # one left over per odd chunk: pair those across areas
        paired, leftovers = _pair_chunk(leftovers, met, rng)
        groups += paired
    if leftovers:
        _join_trio(leftovers[0], groups, met)
    return [tuple(sorted(c.user for c in group)) for group in groups]


def _chunks(people: list[Candidate], rng: random.Random) -> list[list[Candidate]]:
    """One chunk when everyone fits; else an area's own chunks (shuffled and cut, so each mixes levels) for areas of
    at least ``SMALL`` people, and the smaller areas together, in area order, so area-mates stay together."""
    if len(people) <= CHUNK:
        return [people]
    by_area: dict[str | None, list[Candidate]] = defaultdict(list)
    for person in people:
        by_area[person.area].append(person)
    chunks: list[list[Candidate]] = []
    pooled: list[Candidate] = []
    for area in sorted(by_area, key=lambda a: a or ""):
        members = by_area[area]
        if len(members) < SMALL:
            pooled += members
            continue
        rng.shuffle(members)
        count = -(-len(members) // CHUNK)
        chunks += [members[i::count] for i in range(count)]
    chunks += [pooled[i : i + CHUNK] for i in range(0, len(pooled), CHUNK)]
    return chunks


def _pair_chunk(
    people: list[Candidate], met: Mapping[Pair, int], rng: random.Random
) -> tuple[list[list[Candidate]], list[Candidate]]:
    """Pairs within one chunk and the odd one out (if any); several tries for small chunks, the cheapest kept."""
    if len(people) < 2:
        return [], list(people)
    best: tuple[int, list[list[Candidate]], list[Candidate]] | None = None
    for _ in range(_tries(len(people))):
        groups, rest = _greedy(people, met, rng)
        total = sum(cost(a, b, met) for a, b in groups)
        if best is None or total < best[0]:
            best = (total, groups, rest)
        if total < REPEAT and len(people) > 2 * SMALL:
            break
    assert best is not None
    return best[1], best[2]


def _greedy(
    people: list[Candidate], met: Mapping[Pair, int], rng: random.Random
) -> tuple[list[list[Candidate]], list[Candidate]]:
    order = people[:]
    rng.shuffle(order)
    count = len(order)
    costs = [[cost(a, b, met) if a is not b else 0 for b in order] for a in order]
    fresh = [sum(1 for j in range(count) if j != i and costs[i][j] < REPEAT) for i in range(count)]
    free = set(range(count))
    groups: list[list[Candidate]] = []
    while len(free) > 1:
        chooser = min(free, key=lambda i: (fresh[i], i))
        free.discard(chooser)
        partner = min(free, key=lambda j: (costs[chooser][j], fresh[j], j))
        free.discard(partner)
        for other in free:
            fresh[other] -= (costs[other][chooser] < REPEAT) + (costs[other][partner] < REPEAT)
        groups.append([order[chooser], order[partner]])
    return groups, [order[i] for i in free]


def _join_trio(person: Candidate, groups: list[list[Candidate]], met: Mapping[Pair, int]) -> None:
    """The odd person joins the pair where they fit best (fewest repeats, same area)."""
    if not groups:
        return
    best = min(groups, key=lambda g: (sum(cost(person, other, met) for other in g), g[0].user))
    best.append(person)


def history(groups: Sequence[Sequence[str]]) -> dict[Pair, int]:
    """How often each two people were in one group, from earlier weeks' groups."""
    met: dict[Pair, int] = defaultdict(int)
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                met[frozenset((a, b))] += 1
    return dict(met)


def _tries(size: int) -> int:
    """Small groups run out of new partners soonest: more tries there (a try costs ``size``² comparisons)."""
    if size <= 16:
        return 80
    return TRIES if size <= SMALL else 1
