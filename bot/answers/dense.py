"""Dense retrieval: every topic card and FAQ entry as vectors; a question is scored by cosine similarity."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.content import Content
from bot.content.models import Faq
from bot.ports import Encoder, Vectors

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CARD_SENTENCES = 3


@dataclass(frozen=True)
class Target:
    """One retrievable text: a view of a topic card, or one FAQ entry."""

    topic_id: str
    text: str
    faq: Faq | None = None


def targets(content: Content) -> list[Target]:
    """What is searched, in a stable order: per topic its names, its summary, then each FAQ question."""
    out: list[Target] = []
    for topic in content.topics.values():
        names = ", ".join(dict.fromkeys((topic.title, *topic.aliases)))
        out.append(Target(topic.id, names))
        summary = " ".join(_SENTENCE_END.split(topic.summary.strip())[:CARD_SENTENCES])
        out.append(Target(topic.id, f"{topic.title}. {summary}"))
        for faq in topic.faqs:
            out.append(Target(topic.id, faq.question, faq))
    return out


@dataclass(frozen=True)
class DenseHit:
    topic_id: str
    score: float  # cosine similarity of the question and the topic's closest target
    faq: Faq | None  # that target, when it is an FAQ entry


class DenseIndex:
    """Cosine similarity of a question to every target, reduced to the best target per topic."""

    def __init__(self, encoder: Encoder, items: Sequence[Target], vectors: Vectors, off_topic: Vectors) -> None:
        """``off_topic``: the vectors of ``anchors.OFF_TOPIC`` (messages that are not about backend engineering)."""
        if vectors.shape[0] != len(items):
            raise ValueError(f"{vectors.shape[0]} vectors for {len(items)} targets")
        self.encoder = encoder
        self.items = tuple(items)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.off_topic = np.ascontiguousarray(off_topic, dtype=np.float32)
        topic_ids = sorted({t.topic_id for t in items})
        self._topic_ids = topic_ids
        position = {topic_id: i for i, topic_id in enumerate(topic_ids)}
        self._owner = np.array([position[t.topic_id] for t in items], dtype=np.int64)

    def encode(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.encode(texts)

    def search(self, query: Vectors, limit: int = 20) -> list[DenseHit]:
        """Topics by their closest target to the (unit-length) ``query`` vector, best first."""
        scores = self.vectors @ query
        best = np.full(len(self._topic_ids), -2.0, dtype=np.float32)
        np.maximum.at(best, self._owner, scores)
        order = np.argsort(-best, kind="stable")[:limit]
        hits = []
        for index in order:
            topic_id = self._topic_ids[int(index)]
            members = np.flatnonzero(self._owner == index)
            top = int(members[np.argmax(scores[members])])
            hits.append(DenseHit(topic_id, float(best[index]), self.items[top].faq))
        return hits

    def off_topic_score(self, query: Vectors) -> float:
        """Cosine similarity of the (unit-length) ``query`` vector and its closest off-topic anchor."""
        return float((self.off_topic @ query).max()) if len(self.off_topic) else 0.0


def unit(vector: Vectors) -> Vectors:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
