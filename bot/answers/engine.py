"""The answerer: question in, the best topic (or an honest 'not sure') and a mentor reply out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.answers.compose import career_reply, compare_reply, empty_reply, path_reply, topic_reply, unsure_reply
from bot.answers.index import TopicIndex
from bot.answers.intent import Intent, detect
from bot.answers.text import content_words, expand, fold
from bot.content import Content, Topic
from bot.messages import MAX_MESSAGE_CHARS, Paragraph, Reply

CONFIDENCE_THRESHOLD = 0.5
CAREER_TOPIC = "career-ladder"
BM25_FLOOR = 4.0  # raw BM25 below this is what unrelated questions reach by chance
BM25_SPAN = 10.0
TOO_LONG = f"That question is over {MAX_MESSAGE_CHARS:,} characters; please ask one thing at a time, more briefly."


@dataclass(frozen=True)
class ScoredTopic:
    topic: Topic
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # "topic" | "compare" | "path" | "career" | "unsure"
    topic: Topic | None
    topics: tuple[ScoredTopic, ...]
    confidence: float
    reply: Reply
    reason: str | None = None  # why an answer is unsure, when known: "empty" (nothing was asked), "too_long"


def too_long(question: str) -> Answer:
    """The answer to a question over the cap, given without reading it."""
    return Answer(question, "unsure", None, (), 0.0, Reply(blocks=(Paragraph(TOO_LONG),)), reason="too_long")


class Answerer(Protocol):
    def answer(self, question: str) -> Answer: ...


def _confidence(known: float, ordered: list[tuple[str, float]], phrases: dict[str, float], top_bm25: float) -> float:
    """Blend how much of the question we know, how clearly the best topic wins, and how strongly it matched."""
    best_id, best = ordered[0]
    second = ordered[1][1] if len(ordered) > 1 else 0.0
    margin = (best - second) / best if best else 0.0
    exact = min(1.0, phrases.get(best_id, 0.0) / 2)
    strength = min(1.0, max(0.0, (top_bm25 - BM25_FLOOR) / BM25_SPAN))
    confidence = 0.3 * known + 0.15 * margin + 0.3 * exact + 0.35 * strength
    return round(max(0.0, min(1.0, confidence)), 3)


@dataclass(frozen=True)
class _Ranking:
    ranked: tuple[ScoredTopic, ...]
    confidence: float

    @property
    def best(self) -> Topic | None:
        return self.ranked[0].topic if self.ranked else None


class MentorAnswerer:
    """Ranks topics with BM25 plus exact alias matches and typo correction, then composes the reply."""

    def __init__(self, content: Content, threshold: float = CONFIDENCE_THRESHOLD) -> None:
        self.content = content
        self.index = TopicIndex(content)
        self.threshold = threshold

    def answer(self, question: str) -> Answer:
        if len(question) > MAX_MESSAGE_CHARS:  # before anything reads it: `mentor ask` hands lines over as they came
            return too_long(question)
        if not question.strip():
            return Answer(question, "unsure", None, (), 0.0, empty_reply(), reason="empty")
        folded = fold(question)
        if not content_words(folded.split()):
            return self._unsure(question, _Ranking((), 0.0))
        intent = detect(folded)
        if intent.kind == "career":
            return self._career(question, intent)
        if intent.kind == "compare":
            compared = self._compare(question, intent)
            if compared:
                return compared
        if intent.kind == "path":
            ranking = self.rank(intent.subject)
            if ranking.best and ranking.confidence >= self.threshold:
                reply = path_reply(self.content, ranking.best)
                return Answer(question, "path", ranking.best, ranking.ranked, ranking.confidence, reply)
        ranking = self.rank(folded)
        if ranking.best is None or ranking.confidence < self.threshold:
            return self._unsure(question, ranking)
        reply = topic_reply(self.content, ranking.best)
        return Answer(question, "topic", ranking.best, ranking.ranked, ranking.confidence, reply)

    def rank(self, text: str, limit: int = 5) -> _Ranking:
        """Topics for ``text``, best first, with a confidence for the best one."""
        typed = expand(fold(text).split())
        words = self.index.correct(typed)
        phrases = self.index.phrase_hits(words)
        bm25 = self.index.bm25(words)
        if not phrases and not bm25:
            return _Ranking((), 0.0)
        top_bm25 = max(bm25.values(), default=1.0) or 1.0
        scores: dict[str, float] = {}
        for topic_id in set(phrases) | set(bm25):
            scores[topic_id] = bm25.get(topic_id, 0.0) / top_bm25 + 0.6 * phrases.get(topic_id, 0.0)
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        ranked = tuple(ScoredTopic(self.content.topics[i], round(s, 4)) for i, s in ordered)
        known = self.index.known_fraction(typed, words)
        return _Ranking(ranked, _confidence(known, ordered, phrases, max(bm25.values(), default=0.0)))

    def _compare(self, question: str, intent: Intent) -> Answer | None:
        """Two topics side by side; when both sides are one topic ("mutex vs semaphore"), or only one side is a
        topic we know ("REST vs SOAP"), that topic's card."""
        first, second = self.rank(intent.subject), self.rank(intent.other)
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
        reply = compare_reply(self.content, a, b)
        ranked = (ScoredTopic(a, first.ranked[0].score), ScoredTopic(b, second.ranked[0].score))
        return Answer(question, "compare", a, ranked, confidence, reply)

    def _career(self, question: str, intent: Intent) -> Answer:
        track = self.content.track(intent.level)
        topic = self.content.topic(CAREER_TOPIC)
        if track is None:
            return self._unsure(question, self.rank(question))
        ranked = (ScoredTopic(topic, 1.0),) if topic else ()
        return Answer(question, "career", topic, ranked, 0.9, career_reply(self.content, track))

    def _unsure(self, question: str, ranking: _Ranking) -> Answer:
        candidates = [s.topic for s in ranking.ranked[:3]]
        reply = unsure_reply(self.content, candidates)
        return Answer(question, "unsure", None, ranking.ranked, ranking.confidence, reply)
