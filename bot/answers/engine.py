"""The answerer: question in, the best topic (or an honest 'not sure') and a mentor reply out.

Ranking is hybrid: BM25 with exact alias matches and typo correction (``index``), fused with dense sentence
similarity over every card and FAQ entry (``dense``) when an encoder is given; one fitted confidence decides
whether to answer. Without an encoder the lexical ranking alone is used, with its own confidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from bot.answers.calibration import FITTED, Calibration
from bot.answers.compose import (
    career_reply,
    chat_reply,
    compare_reply,
    empty_reply,
    path_reply,
    topic_reply,
    unsure_reply,
)
from bot.answers.dense import DenseHit, DenseIndex, Target, targets, unit
from bot.answers.index import TopicIndex
from bot.answers.intent import Intent, detect
from bot.answers.markup import question_part, strip_markup
from bot.answers.recommend import which_first
from bot.answers.smalltalk import small_talk
from bot.answers.text import content_words, expand, fold
from bot.content import Content, Topic
from bot.content.aliases import stem
from bot.content.models import Faq
from bot.messages import MAX_MESSAGE_CHARS, Paragraph, Reply
from bot.ports import Encoder, Vectors

CONFIDENCE_THRESHOLD = 0.5
CAREER_TOPIC = "career-ladder"
BM25_FLOOR = 4.0  # raw BM25 below this is what unrelated questions reach by chance
BM25_SPAN = 10.0
TOO_LONG = f"That question is over {MAX_MESSAGE_CHARS:,} characters; please ask one thing at a time, more briefly."
MAX_QUESTION_CHARS = MAX_MESSAGE_CHARS
CANDIDATES = 20


@dataclass(frozen=True)
class ScoredTopic:
    topic: Topic
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # "topic" | "compare" | "path" | "career" | "chat" | "unsure"
    topic: Topic | None
    topics: tuple[ScoredTopic, ...]
    confidence: float
    reply: Reply
    faq: Faq | None = None
    reason: str | None = None  # for "unsure": "too_long" | "empty" | "out_of_scope" | "low_confidence"
    first: Topic | None = None  # for a "which first" comparison: the one to learn first
    chat: str | None = None  # for "chat": "greeting" | "thanks" | "identity" | "next_step"


def too_long(question: str) -> Answer:
    """The answer to a question over the cap, given without reading it."""
    return Answer(question, "unsure", None, (), 0.0, Reply(blocks=(Paragraph(TOO_LONG),)), reason="too_long")


class Answerer(Protocol):
    def answer(self, question: str) -> Answer: ...


def lexical_confidence(known: float, ordered: list[tuple[str, float]], phrases: dict[str, float], top: float) -> float:
    """Blend how much of the question we know, how clearly the best topic wins, and how strongly it matched."""
    best_id, best = ordered[0]
    second = ordered[1][1] if len(ordered) > 1 else 0.0
    margin = (best - second) / best if best else 0.0
    exact = min(1.0, phrases.get(best_id, 0.0) / 2)
    strength = min(1.0, max(0.0, (top - BM25_FLOOR) / BM25_SPAN))
    confidence = 0.3 * known + 0.15 * margin + 0.3 * exact + 0.35 * strength
    return round(max(0.0, min(1.0, confidence)), 3)


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[ScoredTopic, ...]
    confidence: float
    faq: Faq | None = None
    related: tuple[Topic, ...] = ()  # what "not sure" may offer: topics close enough to be worth a click
    features: tuple[float, ...] = field(default=(), compare=False)

    @property
    def best(self) -> Topic | None:
        return self.ranked[0].topic if self.ranked else None


@dataclass(frozen=True)
class Lexical:
    scores: dict[str, float]  # topic id -> blended BM25 + phrase score
    confidence: float
    known: float


class MentorAnswerer:
    """Ranks topics with BM25, aliases and typo correction, fused with dense similarity when given an encoder."""

    def __init__(
        self,
        content: Content,
        encoder: Encoder | None = None,
        vectors: Vectors | None = None,
        *,
        calibration: Calibration = FITTED,
        threshold: float | None = None,
    ) -> None:
        """``vectors``: the encoder's vectors of ``dense.targets(content)``, in order (encoded here when None)."""
        self.content = content
        self.index = TopicIndex(content)
        self.calibration = calibration
        self.dense: DenseIndex | None = None
        if encoder is not None:
            items = targets(content)
            self.dense = DenseIndex(encoder, items, vectors if vectors is not None else encode_targets(encoder, items))
        default = calibration.threshold if self.dense else CONFIDENCE_THRESHOLD
        self.threshold = default if threshold is None else threshold
        self.named = _unique_names(content)
        self.pair_names = {t.id: (_stems(t.title), _stems(" ".join(t.aliases))) for t in content.topics.values()}

    def answer(self, question: str) -> Answer:
        if len(question) > MAX_MESSAGE_CHARS:  # before anything reads it: `mentor ask` hands lines over as they came
            return too_long(question)
        if not question.strip():
            return Answer(question, "unsure", None, (), 0.0, empty_reply(), reason="empty")
        if len(question) > MAX_QUESTION_CHARS:
            return self._unsure(question, Ranking((), 0.0), "too_long")
        text = strip_markup(question)
        folded = fold(text)
        chat = small_talk(folded)
        if chat is not None:
            return Answer(question, "chat", None, (), 1.0, chat_reply(self.content, chat), chat=chat)
        if not content_words(folded.split()):
            return self._unsure(question, Ranking((), 0.0), "empty")
        intent = detect(folded)
        if intent.kind == "career":
            return self._career(question, intent)
        if intent.kind in ("compare", "first") and not self._pair(folded, titles_only=True):
            compared = self._compare(question, intent)
            if compared:
                return compared
        if intent.kind == "path":
            ranking = self.rank(intent.subject)
            if ranking.best and ranking.confidence >= self.threshold:
                reply = path_reply(self.content, ranking.best)
                return Answer(question, "path", ranking.best, ranking.ranked, ranking.confidence, reply)
        ranking = self.rank(text, focus=question_part(text))
        named = self.content.topics.get(self.named.get(subject_of(folded), "") or self._pair(folded))
        if named is not None:  # "what's a mq", "Caching fundamentals": the topic named, with its whole card
            ranked = (ScoredTopic(named, 1.0), *(s for s in ranking.ranked if s.topic.id != named.id))
            ranking = replace(
                ranking, ranked=ranked[: len(ranking.ranked) or 1], confidence=max(ranking.confidence, 0.9)
            )
        if ranking.best is None or ranking.confidence < self.threshold:
            return self._unsure(question, ranking)
        faq = None if named is not None else ranking.faq
        reply = topic_reply(self.content, ranking.best, faq)
        return Answer(question, "topic", ranking.best, ranking.ranked, ranking.confidence, reply, faq=faq)

    def _pair(self, folded: str, *, titles_only: bool = False) -> str:
        """The one card that weighs both sides of an "A or B" decision ("monolith or microservices for a startup?",
        "process vs thread" -> the card whose title names both), or "". ``titles_only``: not by aliases."""
        match = _EITHER_OR.search(folded)
        if match is None:
            return ""
        sides = [{match.group(i), stem(match.group(i))} for i in (1, 2)]
        in_title = [topic_id for topic_id, (title, _) in self.pair_names.items() if all(s & title for s in sides)]
        named = in_title or [
            topic_id
            for topic_id, (title, aliases) in self.pair_names.items()
            if not titles_only and all(s & (title | aliases) for s in sides)
        ]
        return named[0] if len(named) == 1 else ""  # a title naming both sides first, then aliases

    def rank(self, text: str, limit: int = 5, *, focus: str = "") -> Ranking:
        """Topics for ``text``, best first, with a confidence for the best one. ``focus``: the sentence that asks,
        when the text has several (it counts as much as the whole text in the dense query)."""
        vector = self._query_vector([text, focus] if focus else [text])
        return self._rank(text, vector, limit)

    def rank_many(self, texts: Sequence[str]) -> list[Ranking]:
        """Several rankings, encoding the texts in one batch."""
        if self.dense is None:
            return [self._rank(t, None, 5) for t in texts]
        vectors = self.dense.encode(list(texts))
        return [self._rank(t, vectors[i], 5) for i, t in enumerate(texts)]

    def _query_vector(self, texts: list[str]) -> Vectors | None:
        if self.dense is None:
            return None
        vectors = self.dense.encode(texts)
        return unit(vectors.sum(axis=0))

    def lexical(self, text: str) -> Lexical:
        typed = expand(fold(text).split())
        words = self.index.correct(typed)
        phrases = self.index.phrase_hits(words)
        bm25 = self.index.bm25(words)
        known = self.index.known_fraction(typed, words)
        if not phrases and not bm25:
            return Lexical({}, 0.0, known)
        top_bm25 = max(bm25.values(), default=1.0) or 1.0
        scores = {
            topic_id: bm25.get(topic_id, 0.0) / top_bm25 + 0.6 * phrases.get(topic_id, 0.0)
            for topic_id in set(phrases) | set(bm25)
        }
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        confidence = lexical_confidence(known, ordered, phrases, max(bm25.values(), default=0.0))
        return Lexical(scores, confidence, known)

    def _rank(self, text: str, vector: Vectors | None, limit: int) -> Ranking:
        lexical = self.lexical(text)
        ordered = sorted(lexical.scores.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        if self.dense is None or vector is None:
            ranked = tuple(ScoredTopic(self.content.topics[i], round(s, 4)) for i, s in ordered[:limit])
            return Ranking(ranked, lexical.confidence if ordered else 0.0, related=tuple(s.topic for s in ranked[:3]))
        hits = self.dense.search(vector, CANDIDATES)
        return self.fuse(lexical, ordered, hits, limit)

    def fuse(self, lexical: Lexical, ordered: list[tuple[str, float]], hits: list[DenseHit], limit: int) -> Ranking:
        cal = self.calibration
        fused: dict[str, float] = {}
        for rank, hit in enumerate(hits, 1):
            fused[hit.topic_id] = cal.dense_weight / (cal.rrf_k + rank)
        top = ordered[0][1] if ordered else 0.0
        for rank, (topic_id, lexical_score) in enumerate(ordered, 1):
            share = lexical_score / top if top else 0.0
            fused[topic_id] = (
                fused.get(topic_id, 0.0) + cal.lexical_weight / (cal.rrf_k + rank) + cal.lexical_share_weight * share
            )
        order = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:limit]
        best_id = order[0][0]
        by_topic = {hit.topic_id: hit for hit in hits}
        values = features(lexical, ordered, hits, best_id)
        confidence = _logistic(values, cal)
        best_hit = by_topic.get(best_id)
        faq = best_hit.faq if best_hit and best_hit.faq and best_hit.score >= cal.faq_floor else None
        related = tuple(self.content.topics[h.topic_id] for h in hits[:3] if h.score >= cal.related_floor)
        ranked = tuple(ScoredTopic(self.content.topics[i], round(s, 4)) for i, s in order)
        return Ranking(ranked, confidence, faq, related, values)

    def _compare(self, question: str, intent: Intent) -> Answer | None:
        """Two topics side by side, or for "which first" a recommendation; when both sides are one topic ("mutex vs
        semaphore"), or only one side is a topic we know ("REST vs SOAP"), that topic's card."""
        first, second = self.rank_many([intent.subject, intent.other])
        a, b = first.best, second.best
        sure = [r for r in (first, second) if r.best is not None and r.confidence >= self.threshold]
        if len(sure) == 1 or (len(sure) == 2 and a is not None and b is not None and a.id == b.id):
            known = sure[0]
            assert known.best is not None
            reply = topic_reply(self.content, known.best)
            return Answer(question, "topic", known.best, known.ranked, known.confidence, reply)
        if a is None or b is None or len(sure) < 2:
            return None
        confidence = min(first.confidence, second.confidence)
        ranked = (ScoredTopic(a, first.ranked[0].score), ScoredTopic(b, second.ranked[0].score))
        if intent.kind == "first":
            recommended = which_first(self.content, a, b)
            reply = compare_reply(self.content, a, b, first=recommended)
            return Answer(question, "compare", a, ranked, confidence, reply, first=recommended)
        return Answer(question, "compare", a, ranked, confidence, compare_reply(self.content, a, b))

    def _career(self, question: str, intent: Intent) -> Answer:
        track = self.content.track(intent.level)
        topic = self.content.topic(CAREER_TOPIC)
        if track is None:
            return self._unsure(question, self.rank(question))
        ranked = (ScoredTopic(topic, 1.0),) if topic else ()
        return Answer(question, "career", topic, ranked, 0.9, career_reply(self.content, track))

    def _unsure(self, question: str, ranking: Ranking, reason: str | None = None) -> Answer:
        if reason is None:
            reason = "low_confidence" if ranking.related else "out_of_scope"
        candidates = list(ranking.related[:3])
        reply = unsure_reply(self.content, candidates, reason)
        return Answer(question, "unsure", None, ranking.ranked, ranking.confidence, reply, reason=reason)


FEATURES = ("dense_top", "dense_margin", "lexical_confidence", "lexical_share", "agree", "known")


def features(
    lexical: Lexical, ordered: list[tuple[str, float]], hits: list[DenseHit], best_id: str
) -> tuple[float, ...]:
    """What the confidence model sees about the fused best topic (names in ``FEATURES``)."""
    dense = {h.topic_id: h.score for h in hits}
    top = dense.get(best_id, hits[-1].score if hits else 0.0)
    other = max((h.score for h in hits if h.topic_id != best_id), default=0.0)
    lexical_top = ordered[0][1] if ordered else 0.0
    lexical_best = ordered[0][0] if ordered else None
    share = lexical.scores.get(best_id, 0.0) / lexical_top if lexical_top else 0.0
    agree = float(bool(hits) and hits[0].topic_id == best_id and lexical_best == best_id)
    lexical_conf = lexical.confidence if lexical_best == best_id else 0.0
    return (top, top - other, lexical_conf, share, agree, lexical.known)


def _logistic(values: tuple[float, ...], cal: Calibration) -> float:
    z = cal.intercept + sum(w * v for w, v in zip(cal.coefficients, values, strict=True))
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)


def encode_targets(encoder: Encoder, items: Sequence[Target]) -> Vectors:
    """The vectors of ``items`` (slow for real encoders: adapters cache them on disk)."""
    if not items:
        return np.zeros((0, 1), dtype=np.float32)
    return encoder.encode([t.text for t in items])


_ASKING = re.compile(r"^(?:what(?:'s|s| is| are)|explain|tell me about|define)\s+(?:an?\s+|the\s+)?")


_EITHER_OR = re.compile(r"\b([a-z0-9]{3,30}) (?:or|vs|versus) ([a-z0-9]{3,30})\b")


def _stems(text: str) -> set[str]:
    """The words of ``text`` and their stems (the crude stemmer maps "process" and "processes" apart)."""
    words = fold(text).split()
    return {*words, *(stem(word) for word in words)}


def subject_of(folded: str) -> str:
    """The question without "what is", "explain" and the like: ``what's a mq?`` -> ``mq``."""
    return _ASKING.sub("", folded.strip().rstrip("?!. ")).strip()


def _unique_names(content: Content) -> dict[str, str]:
    """Every title, id and alias that names exactly one topic, folded, to that topic's id."""
    owners: dict[str, set[str]] = {}
    for topic in content.topics.values():
        for name in (topic.title, topic.id.replace("-", " "), *topic.aliases):
            owners.setdefault(fold(name), set()).add(topic.id)
    return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1 and name}
