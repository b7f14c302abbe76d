"""Whole-set checks of the content: references, cycles, coverage and platform text limits."""

from __future__ import annotations

from collections import Counter
from datetime import date
from graphlib import CycleError, TopologicalSorter

from bot.content.models import AREAS, LEVELS, Content
from bot.content.quality import quality_findings

MIN_TOPICS = 150
MIN_TOPICS_PER_AREA = 8
MIN_TIPS = 52
TITLE_LIMIT = 75  # a Slack button label; Discord allows 80
SUMMARY_LIMIT = 3000  # a Slack section; a Discord embed description allows 4,096
TIP_MESSAGE_LIMIT = 3000  # one digest issue must fit one Slack section
TIP_BODY_WORDS = 120


def check_content(content: Content, today: date | None = None) -> list[str]:
    """Every problem found in the content, as readable lines; empty when all is well."""
    return [
        *quality_findings(content, today or date.today())[0],
        *_check_areas(content),
        *_check_topics(content),
        *_check_cycles(content),
        *_check_tips(content),
        *_check_tracks(content),
        *_check_replacements(content),
        *_check_coverage(content),
        *_check_stacks(content),
    ]


def content_warnings(content: Content, today: date) -> list[str]:
    """What the content should still improve (rules not yet strict, stale ``verified`` stamps)."""
    return quality_findings(content, today)[1]


def _check_areas(content: Content) -> list[str]:
    problems = []
    declared = [a.id for a in content.areas]
    if sorted(declared) != sorted(AREAS):
        problems.append(f"areas.yaml: areas must be exactly {', '.join(AREAS)}")
    counts = Counter(t.area for t in content.topics.values())
    for area in AREAS:
        if counts[area] < MIN_TOPICS_PER_AREA:
            problems.append(f"area {area}: {counts[area]} topics, at least {MIN_TOPICS_PER_AREA} wanted")
    for area in set(counts) - set(AREAS):
        problems.append(f"topics/{area}.yaml: unknown area {area!r}")
    if len(content.topics) < MIN_TOPICS:
        problems.append(f"{len(content.topics)} topics, at least {MIN_TOPICS} wanted")
    return problems


def _check_topics(content: Content) -> list[str]:
    problems = []
    for topic in content.topics.values():
        where = f"topic {topic.id}"
        for field in ("prerequisites", "related"):
            for ref in getattr(topic, field):
                if ref == topic.id:
                    problems.append(f"{where}: {field} names the topic itself")
                elif ref not in content.topics:
                    problems.append(f"{where}: {field} names unknown topic {ref!r}")
        if len(topic.title) > TITLE_LIMIT:
            problems.append(f"{where}: title longer than {TITLE_LIMIT} characters")
        if len(topic.summary) > SUMMARY_LIMIT:
            problems.append(f"{where}: summary longer than {SUMMARY_LIMIT} characters")
        if not topic.aliases:
            problems.append(f"{where}: no aliases")
    return problems


def _check_cycles(content: Content) -> list[str]:
    graph = {t.id: {p for p in t.prerequisites if p in content.topics} for t in content.topics.values()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return [f"prerequisite cycle: {' -> '.join(exc.args[1])}"]
    return []


def _check_tips(content: Content) -> list[str]:
    problems = []
    if len(content.tips) < MIN_TIPS:
        problems.append(f"{len(content.tips)} tips, at least {MIN_TIPS} wanted")
    for tip_id, count in Counter(t.id for t in content.tips).items():
        if count > 1:
            problems.append(f"tip {tip_id}: id used {count} times")
    for tip in content.tips:
        for field in ("concept", "tool"):
            ref = getattr(tip, field)
            if ref is not None and ref not in content.topics:
                problems.append(f"tip {tip.id}: {field} names unknown topic {ref!r}")
        if (tip.form == "concept-before-tool") != (tip.tool is not None):
            problems.append(f"tip {tip.id}: a tool is named by concept-before-tool tips and only by them")
        if len(tip.body.split()) > TIP_BODY_WORDS:
            problems.append(f"tip {tip.id}: body longer than {TIP_BODY_WORDS} words")
        size = sum(len(part) for part in (tip.headline, tip.body, tip.exercise, *tip.ask_next))
        if size > TIP_MESSAGE_LIMIT:
            problems.append(f"tip {tip.id}: does not fit one digest message ({size} characters)")
    return problems


def _check_tracks(content: Content) -> list[str]:
    problems = []
    levels = [t.level for t in content.tracks]
    if levels != list(LEVELS):
        problems.append(f"tracks.yaml: tracks must be {', '.join(LEVELS)} in that order")
    for track in content.tracks:
        for ref in (*track.topics, *track.next_step):
            if ref not in content.topics:
                problems.append(f"track {track.level}: unknown topic {ref!r}")
    return problems


def _check_replacements(content: Content) -> list[str]:
    problems = []
    tip_ids = {t.id for t in content.tips}
    for kind, table, live in (
        ("topic", content.replaced_topics, content.topics),
        ("tip", content.replaced_tips, tip_ids),
    ):
        for old, new in table.items():
            if old in live:
                problems.append(f"replaced.yaml: {kind} id {old!r} is replaced but still in use (ids are never reused)")
            if new not in live:
                problems.append(f"replaced.yaml: {kind} {old!r} is replaced by unknown {new!r}")
    return problems


def _check_coverage(content: Content) -> list[str]:
    if not content.coverage:
        return ["coverage.yaml: missing or empty"]
    problems = []
    for source in content.coverage:
        for item in source.items:
            missing = [ref for ref in item.topics if content.topic(ref) is None]
            if missing:
                problems.append(f"coverage {source.name} / {item.item}: unknown topics {', '.join(missing)}")
    return problems


def _check_stacks(content: Content) -> list[str]:
    if content.stacks is None:
        return ["stacks.yaml: missing"]
    problems = []
    languages = content.stacks.languages
    choices = [*languages, *(f for language in languages for f in language.frameworks)]
    for stack_id, count in Counter(c.id for c in choices).items():
        if count > 1:
            problems.append(f"stacks.yaml: id {stack_id!r} is used {count} times")
    for choice in choices:
        if choice.topic is not None and choice.topic not in content.topics:
            problems.append(f"stacks.yaml: {choice.id} names unknown topic {choice.topic!r}")
    suggested = next((language for language in languages if language.id == content.stacks.suggested), None)
    if suggested is None or suggested.topic is None:
        problems.append("stacks.yaml: `suggested` must be a language with a topic card")
    return problems
