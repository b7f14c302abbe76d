"""Which tip a destination gets next: no repeat until every tip was posted, then a new cycle in a new order."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from bot.content import Tip
from bot.ports import PostedTip


def cycle_order(tips: Sequence[Tip], destination_key: str, cycle: int) -> list[Tip]:
    """A stable shuffle of the tips, different for every destination and cycle."""
    return sorted(tips, key=lambda t: hashlib.sha256(f"{destination_key}:{cycle}:{t.id}".encode()).digest())


def next_tip(tips: Sequence[Tip], history: Sequence[PostedTip], destination_key: str) -> PostedTip:
    """The next tip for a destination given what it was already posted."""
    cycle = max((p.cycle for p in history), default=0)
    posted = {p.tip_id for p in history if p.cycle == cycle}
    live = {t.id for t in tips}
    if live <= posted:
        cycle, posted = cycle + 1, set()
    tip = next(t for t in cycle_order(tips, destination_key, cycle) if t.id not in posted)
    return PostedTip(tip.id, cycle)
