"""Reading a stored plan, whatever version wrote it; older versions are rebuilt in the current format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot.content import Content
from bot.plans.plan import MAX_HOURS, MIN_HOURS, Plan, Week
from bot.plans.schedule import pack


def load_plan(content: Content, data: Mapping[str, Any]) -> Plan:
    """The stored plan as a :class:`Plan`; raises ``ValueError`` when it is malformed.

    Version 1 listed whole topics per week and ignored the weekly hours; it is repacked here so that its weeks
    fit the hours, keeping every topic under the id it was stored with (progress is recorded by those ids).
    """
    if isinstance(data, Mapping) and data.get("version") == 1:
        return _from_version_1(content, data)
    return Plan.from_dict(data)


def repack(content: Content, plan: Plan, hours_per_week: int) -> Plan:
    """The same topics, in the same order where prerequisites allow, packed for ``hours_per_week``."""
    return replace(plan, hours_per_week=hours_per_week, weeks=tuple(_pack(content, plan.topic_ids, hours_per_week)))


def _from_version_1(content: Content, data: Mapping[str, Any]) -> Plan:
    try:
        ids = [str(topic_id) for week in data["weeks"] for topic_id in week["topic_ids"]]
        hours = int(data["hours_per_week"])
        if not MIN_HOURS <= hours <= MAX_HOURS:
            raise ValueError(f"hours per week {hours} out of range")
        return Plan(
            level=str(data["level"]),
            target=str(data["target"]),
            focus=tuple(str(a) for a in data["focus"]),
            hours_per_week=hours,
            weeks=tuple(_pack(content, ids, hours)),
            skipped_known=tuple(str(t) for t in data["skipped_known"]),
            stack=None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"malformed version 1 plan data: {exc!r}") from exc


def _pack(content: Content, ids: Sequence[str], hours_per_week: int) -> list[Week]:
    """Pack plan ids (which may be renamed ids) by the hours and prerequisites of the topics they name now."""
    topics = {plan_id: topic for plan_id in dict.fromkeys(ids) if (topic := content.topic(plan_id)) is not None}
    plan_id_of = {topic.id: plan_id for plan_id, topic in topics.items()}
    links = {
        plan_id: {plan_id_of[p.id] for p in map(content.topic, topic.prerequisites) if p and p.id in plan_id_of}
        for plan_id, topic in topics.items()
    }
    return pack({plan_id: topic.hours for plan_id, topic in topics.items()}, links, list(topics), hours_per_week)
