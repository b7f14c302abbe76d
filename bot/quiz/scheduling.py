"""FSRS scheduling through the ``fsrs`` library: a grade and the stored state in, the next state and due time out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from fsrs import Card, Rating, Scheduler

if TYPE_CHECKING:
    from fsrs.card import CardDict

GRADES: dict[str, Rating] = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

# A chat quiz is visited every few days, not every few minutes: no same-day learning steps, a lapse comes back the
# next day, and no random fuzz so that due dates are reproducible.
_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(timedelta(days=1),), enable_fuzzing=False)


def review(state: dict[str, Any] | None, grade: str, now: datetime) -> tuple[dict[str, Any], datetime]:
    """Apply one self-grade (``again|hard|good|easy``) to an item's stored FSRS state; new items start fresh."""
    card = Card.from_dict(cast("CardDict", state)) if state else Card(card_id=1)
    reviewed, _ = _SCHEDULER.review_card(card, GRADES[grade], now)
    return dict(reviewed.to_dict()), reviewed.due
