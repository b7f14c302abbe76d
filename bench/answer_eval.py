"""Scoring answers on a labelled question set: this engine, plain BM25 and plain dense search side by side.

A set is YAML with ``questions: [{q, area, topics?}]`` (area ``out_of_scope`` for out-of-scope messages; the blind
sets) or the older ``questions: [{q, area, topic}]`` plus ``out_of_scope: [{q}]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answers.engine import MentorAnswerer
from bot.answers.text import expand, fold
from bot.content import Topic

OUT = "out_of_scope"


@dataclass(frozen=True)
class Item:
    q: str
    area: str  # OUT for out-of-scope
    topics: frozenset[str]


def load_set(path: Path) -> list[Item]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for raw in data["questions"]:
        topics = raw.get("topics") or ([raw["topic"]] if raw.get("topic") else [])
        items.append(Item(raw["q"], raw["area"], frozenset(topics)))
    items.extend(Item(raw["q"], OUT, frozenset()) for raw in data.get("out_of_scope", ()))
    return items


@dataclass
class Score:
    name: str
    in_scope: int = 0
    area_hits: int = 0
    labelled: int = 0
    topic_hits: int = 0
    in_scope_unsure: int = 0
    out: int = 0
    out_unsure: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, item: Item, topic: Topic | None, unsure: bool) -> None:
        if item.area == OUT:
            self.out += 1
            self.out_unsure += unsure
            if not unsure:
                self.misses.append(f"OUT {item.q!r} -> {topic.id if topic else None}")
            return
        self.in_scope += 1
        self.in_scope_unsure += unsure
        right_area = not unsure and topic is not None and topic.area == item.area
        self.area_hits += right_area
        if item.topics:
            self.labelled += 1
            self.topic_hits += not unsure and topic is not None and topic.id in item.topics
        if not right_area:
            got = "unsure" if unsure else f"{topic.area}/{topic.id}" if topic else None
            self.misses.append(f"{item.area} {item.q!r} -> {got}")

    def row(self) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a / b:6.1%}" if b else "     -"

        return (
            f"{self.name:10s} area {pct(self.area_hits, self.in_scope)}  topic {pct(self.topic_hits, self.labelled)}"
            f"  in-scope unsure {pct(self.in_scope_unsure, self.in_scope)}"
            f"  out-of-scope unsure {pct(self.out_unsure, self.out)}"
        )


def score(name: str, items: list[Item], pick: Callable[[str], tuple[Topic | None, bool]]) -> Score:
    result = Score(name)
    for item in items:
        topic, unsure = pick(item.q)
        result.add(item, topic, unsure)
    return result


def engine_pick(answerer: MentorAnswerer) -> Callable[[str], tuple[Topic | None, bool]]:
    def pick(q: str) -> tuple[Topic | None, bool]:
        answer = answerer.answer(q)
        topic = answer.topic if answer.kind != "unsure" else None
        return topic, answer.kind in ("unsure", "chat") and answer.topic is None

    return pick


def bm25_pick(answerer: MentorAnswerer) -> Callable[[str], tuple[Topic | None, bool]]:
    """Plain BM25 over the same documents: the best FTS5 match, never unsure unless nothing matches."""

    def pick(q: str) -> tuple[Topic | None, bool]:
        scores = answerer.index.bm25(expand(fold(q).split()), limit=1)
        best = next(iter(scores), None)
        return (answerer.content.topics[best], False) if best else (None, True)

    return pick


def dense_pick(answerer: MentorAnswerer) -> Callable[[str], tuple[Topic | None, bool]]:
    """Plain dense search over the same targets: the closest card or FAQ entry's topic, never unsure."""
    dense = answerer.dense
    assert dense is not None

    def pick(q: str) -> tuple[Topic | None, bool]:
        hits = dense.search(dense.encode([q])[0], 1)
        return answerer.content.topics[hits[0].topic_id], False

    return pick
