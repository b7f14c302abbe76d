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
    count = len(ordered)
    if count == 0:
        return
    digest = int.from_bytes(hashlib.sha256(f"{destination_key}:{cycle}".encode()).digest()[:8], "big")
    start, stride = digest % count, 1 + (digest // count) % max(1, count - 1)
    while math.gcd(stride, count) != 1:
        stride += 1
    for step in range(count):
        yield ordered[(start + step * stride) % count]


def next_tip(tips: Sequence[Tip], history: Sequence[PostedTip], destination_key: str) -> PostedTip:
    """The next tip for a destination given what it was already posted."""
    cycle = max((p.cycle for p in history), default=0)
    posted = {p.tip_id for p in history if p.cycle == cycle}
    if {t.id for t in tips} <= posted:
        cycle, posted = cycle + 1, set()
    tip = next(t for t in cycle_order(tips, destination_key, cycle) if t.id not in posted)
    return PostedTip(tip.id, cycle)
