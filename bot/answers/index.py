"""The topic index: BM25 (SQLite FTS5, in memory) over weighted fields, plus an alias and typo layer."""

from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.answers.text import STOPWORDS, expand, fold, singular
from bot.content import Content, Topic

# bm25() weights, in column order: title, aliases, tools, summary.
FIELD_WEIGHTS = (10.0, 8.0, 2.0, 1.0)
TYPO_CUTOFF = 0.78  # one edit or swap in a five-letter word
MIN_TYPO_LENGTH = 5
MAX_NGRAM = 5
PHRASE_SCALE = 3.0
# Names that are also everyday English ("go into management", "the rest of"): weak evidence on their own.
EVERYDAY_WORDS = frozenset({"go", "rest", "express", "spring", "rails", "flask", "gin", "django", "swift"})
EVERYDAY_WEIGHT = 0.3


@dataclass(frozen=True)
class Hit:
    topic_id: str
    score: float
    exact: float  # strength of exact title/alias phrase matches


DOCUMENT_TEXT = "SELECT title || ' ' || aliases || ' ' || tools || ' ' || summary FROM docs"


def _inverse_document_frequency(documents: list[set[str]]) -> dict[str, float]:
    """How specific each word is: rare words ("redis") weigh more than common ones ("database")."""
    frequency: Counter[str] = Counter(word for words in documents for word in words)
    return {word: math.log(1 + len(documents) / (1 + count)) for word, count in frequency.items()}


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
        documents = [set(text.split()) for (text,) in self._db.execute(DOCUMENT_TEXT)]
        self.vocabulary = sorted(self._words(documents))
        self._known = frozenset(self.vocabulary) | STOPWORDS
        self._idf = _inverse_document_frequency(documents)
        # Typos are corrected only towards words of titles, aliases and tools: the names people mean to type.
        # Correcting towards any summary word turns everyday words into jargon ("stocks" -> "stacks").
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self._name_words(content)):
            self._by_initial[word[0]].append(word)

    def _add(self, topic: Topic) -> None:
        names = (topic.title, topic.id.replace("-", " "), *topic.aliases)
        for name in names:
            phrase = " ".join(singular(w) for w in expand(fold(name).split()))
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

    @staticmethod
    def _name_words(content: Content) -> set[str]:
        words: set[str] = set()
        for topic in content.topics.values():
            for name in (topic.title, topic.id.replace("-", " "), *topic.aliases, *topic.tools):
                words.update(w for w in expand(fold(name).split()) if len(w) >= MIN_TYPO_LENGTH)
        return words

    def _words(self, documents: list[set[str]]) -> set[str]:
        words = {w for phrase in self._phrases for w in phrase.split()}
        words.update(*documents)
        return {w for w in words if len(w) >= 2}

    def specificity(self, word: str) -> float:
        return self._idf.get(word, math.log(1 + len(self.content.topics)))

    def correct(self, words: list[str]) -> list[str]:
        """Replace words that are not in the vocabulary by their closest spelling in it, when close enough."""
        out = []
        for word in words:
            fixed = word
            if len(word) >= MIN_TYPO_LENGTH and word not in self._known:
                same_start = self._by_initial.get(word[0], ())  # typos rarely change the first letter
                match = process.extractOne(word, same_start, scorer=OSA.normalized_similarity, score_cutoff=TYPO_CUTOFF)
                if match is not None:
                    fixed = match[0]
            out.append(fixed)
        return out

    def phrase_hits(self, words: list[str]) -> dict[str, float]:
        """Topics whose title or an alias appears in ``words`` as a phrase; longer phrases weigh more."""
        hits: dict[str, float] = defaultdict(float)
        used: set[int] = set()
        alone = sum(1 for w in words if w not in STOPWORDS) <= 1
        words = [singular(w) for w in words]
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
                weight = sum(self.specificity(w) for w in words[start : start + size]) / PHRASE_SCALE
                if size == 1 and phrase in EVERYDAY_WORDS and not alone:
                    weight *= EVERYDAY_WEIGHT
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

    def known_fraction(self, words: list[str], corrected: list[str]) -> float:
        """The share of content words the index knows (a typo-corrected word counts less): low when out of scope."""
        pairs = [(w, c) for w, c in zip(words, corrected, strict=True) if w not in STOPWORDS]
        if not pairs:
            return 0.0
        return sum(1.0 if w in self._known else 0.75 if c in self._known else 0.0 for w, c in pairs) / len(pairs)
