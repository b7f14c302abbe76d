"""The topic index: BM25 (SQLite FTS5, in memory) over weighted fields, plus an alias and typo layer."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.answers.text import STOPWORDS, expand, fold
from bot.content import Content, Topic

# bm25() weights, in column order: title, aliases, tools, summary.
FIELD_WEIGHTS = (10.0, 8.0, 2.0, 1.0)
TYPO_CUTOFF = 84.0
MIN_TYPO_LENGTH = 5
MAX_NGRAM = 5


@dataclass(frozen=True)
class Hit:
    topic_id: str
    score: float
    exact: float  # strength of exact title/alias phrase matches


class TopicIndex:
    """Ranks topics for a piece of text. Built once from the content; queries are read-only."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(topic_id UNINDEXED, title, aliases, tools, summary,"
            " tokenize='porter unicode61')"
        )
        self._phrases: dict[str, set[str]] = defaultdict(set)
        for topic in content.topics.values():
            self._add(topic)
        self._db.commit()
        self.vocabulary = sorted(self._words())
        self._known = frozenset(self.vocabulary) | STOPWORDS

    def _add(self, topic: Topic) -> None:
        names = (topic.title, topic.id.replace("-", " "), *topic.aliases)
        for name in names:
            phrase = " ".join(expand(fold(name).split()))
            if phrase and phrase not in STOPWORDS:
                self._phrases[phrase].add(topic.id)
        self._db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (
                topic.id,
                fold(topic.title),
                " ".join(expand(fold(" ; ".join((topic.id.replace("-", " "), *topic.aliases))).split())),
                fold(" ".join(topic.tools)),
                fold(topic.summary),
            ),
        )

    def _words(self) -> set[str]:
        words = {w for phrase in self._phrases for w in phrase.split()}
        for (text,) in self._db.execute("SELECT title || ' ' || aliases || ' ' || tools || ' ' || summary FROM docs"):
            words.update(text.split())
        return {w for w in words if len(w) >= 3}

    def correct(self, words: list[str]) -> list[str]:
        """Replace words that are not in the vocabulary by their closest spelling in it, when close enough."""
        out = []
        for word in words:
            fixed = word
            if len(word) >= MIN_TYPO_LENGTH and word not in self._known:
                match = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
                if match is not None:
                    fixed = match[0]
            out.append(fixed)
        return out

    def phrase_hits(self, words: list[str]) -> dict[str, float]:
        """Topics whose title or an alias appears in ``words`` as a phrase; longer phrases weigh more."""
        hits: dict[str, float] = defaultdict(float)
        used: set[int] = set()
        for size in range(min(MAX_NGRAM, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                if span & used:
                    continue
                phrase = " ".join(words[start : start + size])
                topic_ids = self._phrases.get(phrase)
                if not topic_ids:
                    continue
                used |= span
                weight = size + len(phrase) / 10
                for topic_id in topic_ids:
                    hits[topic_id] += weight / len(topic_ids)
        return dict(hits)

    def bm25(self, words: list[str], limit: int = 20) -> dict[str, float]:
        """BM25 scores (higher is better) for the words, any of which may match."""
        terms = sorted({w for w in words if w not in STOPWORDS})
        if not terms:
            return {}
        query = " OR ".join('"' + term.replace('"', "") + '"' for term in terms)
        rows = self._db.execute(
            f"SELECT topic_id, bm25(docs, 0, {', '.join(map(str, FIELD_WEIGHTS))}) AS rank FROM docs"
            " WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return {topic_id: -rank for topic_id, rank in rows}

    def known_fraction(self, words: list[str]) -> float:
        """The share of content words the index knows: low for out-of-scope questions."""
        content = [w for w in words if w not in STOPWORDS]
        if not content:
            return 0.0
        return sum(1 for w in content if w in self._known) / len(content)
