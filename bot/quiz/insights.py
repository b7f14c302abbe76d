"""What the quiz adds to a person's plan, progress and home: the streak, topics worth a second look, reviews due."""

from __future__ import annotations

from datetime import datetime

from bot.content import Content
from bot.messages import Paragraph
from bot.ports import Store
from bot.quiz.streaks import streak


def learning_lines(content: Content, store: Store, user_key: str, now: datetime, zone: str = "UTC") -> list[str]:
    """Lines for the person's own view (never shown to anyone else): streak, lapsed plan topics, reviews due."""
    states = store.quiz.states(user_key)
    lines = []
    activity = store.quiz.review_times(user_key) + store.plans.done_times(user_key)
    if activity:
        lines.append(streak(activity, now, zone).describe())
    stored = store.plans.get(user_key)
    planned = (
        set(stored.progress) | {t["id"] for w in stored.plan.get("weeks", []) for t in w.get("topics", [])}
        if stored
        else set()
    )
    lapsed = sorted({s.topic_id for s in states.values() if s.last_grade == "again" and s.topic_id in planned})
    if lapsed:
        titles = [topic.title for topic_id in lapsed if (topic := content.topic(topic_id)) is not None]
        lines.append(f"Worth a second look: {' · '.join(titles)} (`quiz <topic>` to practise).")
    due = sum(1 for s in states.values() if s.due <= now)
    if due:
        lines.append(f"{due} review{'s' * (due != 1)} due: type `review`.")
    return lines


def learning_blocks(
    content: Content, store: Store, user_key: str, now: datetime, zone: str = "UTC"
) -> tuple[Paragraph, ...]:
    lines = learning_lines(content, store, user_key, now, zone)
    return (Paragraph("\n".join(lines)),) if lines else ()
