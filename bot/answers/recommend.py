"""Which of two topics to learn first: the one the other builds on, else the concept both build on."""

from __future__ import annotations

from bot.content import Content, Topic
from bot.content.models import LEVELS


def ancestors(content: Content, topic_id: str) -> set[str]:
    """Every topic ``topic_id`` builds on, directly or not."""
    seen: set[str] = set()
    stack = list(content.topics[topic_id].prerequisites) if topic_id in content.topics else []
    while stack:
        current = stack.pop()
        if current in seen or current not in content.topics:
            continue
        seen.add(current)
        stack.extend(content.topics[current].prerequisites)
    return seen


def which_first(content: Content, a: Topic, b: Topic) -> Topic:
    """``a`` or ``b`` when one builds on the other; else the closest concept both build on; else the one of lower
    level (then fewer hours, then ``a``)."""
    above_a, above_b = ancestors(content, a.id), ancestors(content, b.id)
    if b.id in above_a:
        return b
    if a.id in above_b:
        return a
    shared = above_a & above_b
    if shared:
        # the closest shared concept: the one with the most prerequisites of its own (deepest), then by id
        return content.topics[max(sorted(shared), key=lambda i: len(ancestors(content, i)))]
    return min((a, b), key=lambda t: (LEVELS.index(t.level), t.hours, t is not a))
