"""Which items a person should see next: due reviews first, then new items from the chosen scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.content import Content
from bot.ports import Store
from bot.quiz.items import QuizItem, topic_items

ROUND = 5  # items in one quiz round
SECONDS_PER_ITEM = 40


def plan_topics(store: Store, user_key: str) -> tuple[list[str], list[str]]:
    """(done topics, every topic) of the person's plan, in plan order; empty without a plan."""
    stored = store.plans.get(user_key)
    if stored is None:
        return [], []
    ordered = [t["id"] for week in stored.plan.get("weeks", []) for t in week.get("topics", []) if "id" in t]
    ordered = list(dict.fromkeys(ordered + list(stored.progress)))
    return [t for t in ordered if stored.progress.get(t) == "done"], ordered


def new_items(content: Content, topic_ids: Iterable[str], seen: set[str]) -> list[QuizItem]:
    items = []
    for topic_id in topic_ids:
        topic = content.topic(topic_id)
        if topic is not None:
            items += [item for item in topic_items(topic) if item.id not in seen]
    return items


def review_queue(content: Content, store: Store, user_key: str, now: datetime, limit: int = ROUND) -> list[str]:
    """Due items, then never-reviewed items of topics finished in the plan (they enter the deck when done)."""
    due = [state.item_id for state in store.quiz.due(user_key, now, limit)]
    if len(due) >= limit:
        return due
    done, _ = plan_topics(store, user_key)
    seen = set(store.quiz.states(user_key))
    return (due + [item.id for item in new_items(content, done, seen)])[:limit]


def due_count(content: Content, store: Store, user_key: str, now: datetime) -> int:
    """Items due now, finished plan topics' new items included."""
    due = store.quiz.due_counts([user_key], now).get(user_key, 0)
    done, _ = plan_topics(store, user_key)
    return due + len(new_items(content, done, set(store.quiz.states(user_key))))


def scoped_queue(
    content: Content, store: Store, user_key: str, topic_ids: list[str], *, now: datetime, limit: int = ROUND
) -> list[str]:
    """Due items within ``topic_ids`` first, then new ones from those topics in order."""
    scope = set(topic_ids)
    states = store.quiz.states(user_key)
    due = sorted((s for s in states.values() if s.topic_id in scope and s.due <= now), key=lambda s: s.due)
    queue = [s.item_id for s in due]
    queue += [item.id for item in new_items(content, topic_ids, set(states))]
    return queue[:limit]
