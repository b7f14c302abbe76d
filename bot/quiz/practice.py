"""Recording one self-grade: the FSRS state moves on and the review is logged."""

from __future__ import annotations

from datetime import datetime

from bot.ports import ItemState, Store
from bot.quiz.items import QuizItem
from bot.quiz.scheduling import review


def grade_item(store: Store, user_key: str, item: QuizItem, grade: str, now: datetime) -> ItemState:
    """Apply ``grade`` (again|hard|good|easy) to the person's state of ``item``; return the new state."""
    old = store.quiz.states(user_key).get(item.id)
    fsrs_state, due = review(old.fsrs if old else None, grade, now)
    lapses = (old.lapses if old else 0) + int(grade == "again" and old is not None)
    updated = ItemState(item.id, item.topic_id, due, (old.reviews if old else 0) + 1, lapses, grade, fsrs_state)
    store.quiz.record(user_key, updated, grade, now)
    return updated
