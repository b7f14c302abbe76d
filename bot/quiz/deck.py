"""The person's deck: due reviews first, then new items from a chosen scope; finished plan topics join the deck."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.content import Content
from bot.ports import ItemState, Store
from bot.quiz.items import QuizItem, topic_items

ROUND = 5  # items in one quiz round
SECONDS_PER_ITEM = 40
NEW = ""  # the last grade of an item that entered the deck but was never reviewed


def plan_topics(store: Store, user_key: str) -> tuple[list[str], list[str]]:
    """(done topics, every topic) of the person's plan, in plan order; empty without a plan."""
    stored = store.plans.get(user_key)
    if stored is None:
        return [], []
    ordered = [topic_id for week in stored.plan.get("weeks", []) for topic_id in _week_topics(week)]
    ordered = list(dict.fromkeys(ordered + list(stored.progress)))
    return [t for t in ordered if stored.progress.get(t) == "done"], ordered


def _week_topics(week: dict[str, Any]) -> list[str]:
    """Topic ids of one stored week: ``parts`` rows (plan version 2) or ``topics`` objects (version 1)."""
    parts = [str(part[0]) for part in week.get("parts", []) if part]
    return parts + [str(t["id"]) for t in week.get("topics", []) if isinstance(t, dict) and "id" in t]


def sync_plan(content: Content, store: Store, user_key: str, now: datetime) -> int:
    """Put the items of every topic finished in the plan into the deck, due now; return how many joined."""
    done, _ = plan_topics(store, user_key)
    items = new_items(content, done, set())
    return store.quiz.enter(user_key, [ItemState(i.id, i.topic_id, now, 0, 0, NEW, {}) for i in items])


def new_items(content: Content, topic_ids: Iterable[str], seen: set[str]) -> list[QuizItem]:
    items = []
    for topic_id in topic_ids:
        topic = content.topic(topic_id)
        if topic is not None:
            items += [item for item in topic_items(topic) if item.id not in seen]
    return items


def review_queue(store: Store, user_key: str, now: datetime, limit: int = ROUND) -> list[str]:
    """The items due now, most overdue first."""
    return [state.item_id for state in store.quiz.due(user_key, now, limit)]


def scoped_queue(
    content: Content, store: Store, user_key: str, topic_ids: list[str], *, now: datetime, limit: int = ROUND
) -> list[str]:
    """Due items within ``topic_ids`` first, then never-reviewed ones from those topics in order."""
    scope = set(topic_ids)
    states = store.quiz.states(user_key)
    due = sorted((s for s in states.values() if s.topic_id in scope and s.due <= now), key=lambda s: s.due)
    queue = [s.item_id for s in due]
    reviewed = {item_id for item_id, s in states.items() if s.reviews}
    queue += [item.id for item in new_items(content, topic_ids, reviewed) if item.id not in queue]
    return queue[:limit]
