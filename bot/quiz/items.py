"""Quiz items: each card's self-checks (recall) and misconceptions (true or false), with stable ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from bot.content import Content, Topic

ItemKind = Literal["check", "myth"]


@dataclass(frozen=True)
class QuizItem:
    """One thing to recall: ``id`` is ``<topic id>/<c|m>-<hash of the question>`` and survives reordering."""

    id: str
    topic_id: str
    kind: ItemKind
    question: str
    answer: str


def _item_id(topic_id: str, kind: ItemKind, text: str) -> str:
    digest = hashlib.sha256(text.strip().lower().encode()).hexdigest()[:8]
    return f"{topic_id}/{'c' if kind == 'check' else 'm'}-{digest}"


def topic_items(topic: Topic) -> list[QuizItem]:
    """The topic's checks first, then its misconceptions as true-or-false statements."""
    items = [
        QuizItem(_item_id(topic.id, "check", c.question), topic.id, "check", c.question, c.answer) for c in topic.checks
    ]
    items += [
        QuizItem(_item_id(topic.id, "myth", m.myth), topic.id, "myth", m.myth, m.fact) for m in topic.misconceptions
    ]
    return items


def find_item(content: Content, item_id: str) -> QuizItem | None:
    topic = content.topic(item_id.partition("/")[0])
    if topic is None:
        return None
    return next((item for item in topic_items(topic) if item.id == item_id), None)
