"""Which tip a destination gets next: no repeat until every tip was posted, then a new cycle in a new order."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Sequence

from bot.content import Tip
from bot.ports import PostedTip


def cycle_order(tips: Sequence[Tip], destination_key: str, cycle: int) -> Iterator[Tip]:
    """The tips in an order of their own for this destination and cycle: a stride walk over the sorted tips.

    The start and a stride coprime with the count come from a hash, so every tip appears once per cycle and
    each cycle (and destination) walks them differently, at the cost of one hash per call.
    """
    ordered = sorted(tips, key=lambda t: t.id)
    by_id = {t.id: t for t in ordered}
    for tip_id in _walk(tuple(t.id for t in ordered), destination_key, cycle):
        yield by_id[tip_id]


def next_tip(tips: Sequence[Tip], history: Sequence[PostedTip], destination_key: str) -> PostedTip:
    """The next tip for a destination given what it was already posted."""
    return Rotation(tips).next(history, destination_key)


class Rotation:
    """``next_tip`` for many destinations over the same tips: the tips are sorted once, not once per destination."""

    def __init__(self, tips: Sequence[Tip]) -> None:
        self._ids = tuple(sorted(t.id for t in tips))
        self._all = frozenset(self._ids)

    def next(self, history: Sequence[PostedTip], destination_key: str) -> PostedTip:
        """The next tip for a destination given what it was already posted."""
        cycle = max((p.cycle for p in history), default=0)
        posted = {p.tip_id for p in history if p.cycle == cycle}
        if self._all <= posted:
            cycle, posted = cycle + 1, set()
        tip_id = next(t for t in _walk(self._ids, destination_key, cycle) if t not in posted)
        return PostedTip(tip_id, cycle)


def _walk(ordered: tuple[str, ...], destination_key: str, cycle: int) -> Iterator[str]:
    count = len(ordered)
    if count == 0:
        return
    digest = int.from_bytes(hashlib.sha256(f"{destination_key}:{cycle}".encode()).digest()[:8], "big")
    start, stride = digest % count, 1 + (digest // count) % max(1, count - 1)
    while math.gcd(stride, count) != 1:
        stride += 1
    for step in range(count):
        yield ordered[(start + step * stride) % count]
