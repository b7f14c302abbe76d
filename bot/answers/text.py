"""Text normalization shared by the index and the question: the same function on both sides."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9+#]+")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "there",
        "here",
        "than",
        "then",
        "so",
        "such",
        "very",
        "just",
        "also",
        "any",
        "some",
        "all",
        "each",
        "every",
        "more",
        "most",
        "other",
        "own",
        "same",
        "too",
        "only",
        "not",
        "no",
        "nor",
        "up",
        "down",
        "out",
        "over",
        "under",
        "again",
        "further",
        "once",
        "get",
        "got",
        "getting",
        "use",
        "using",
        "used",
        "make",
        "made",
        "making",
        "need",
        "needs",
        "want",
        "wants",
        "like",
        "know",
        "learn",
        "learning",
        "understand",
        "explain",
        "tell",
        "show",
        "give",
        "please",
        "thanks",
        "thank",
        "hi",
        "hello",
        "hey",
        "whats",
        "what's",
        "hows",
        "let",
        "lets",
        "mean",
        "means",
        "meaning",
        "difference",
        "between",
        "vs",
        "versus",
        "compare",
        "compared",
        "best",
        "way",
        "ways",
        "good",
        "better",
        "really",
        "actually",
        "thing",
        "things",
        "something",
        "anyone",
        "someone",
        "one",
        "ones",
        "two",
        "work",
        "works",
        "working",
        "example",
        "examples",
        "im",
        "i'm",
        "ive",
        "i've",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "isnt",
        "isn't",
        "it's",
        "its",
        "question",
        "questions",
        "answer",
    ]
)

# Short forms engineers type, expanded before matching (both words kept searchable).
ABBREVIATIONS: dict[str, str] = {
    "k8s": "kubernetes",
    "db": "database",
    "dbs": "databases",
    "mq": "message queue",
    "pg": "postgresql",
    "js": "javascript",
    "ts": "typescript",
    "ddd": "domain driven design",
    "tdd": "test driven development",
    "oop": "object oriented programming",
    "fp": "functional programming",
    "iac": "infrastructure as code",
    "lb": "load balancer",
    "gc": "garbage collection",
    "orm": "object relational mapping",
    "jwts": "jwt",
    "apis": "api",
    "svc": "service",
    "perf": "performance",
    "auth": "authentication",
    "authn": "authentication",
    "authz": "authorization",
    "infra": "infrastructure",
    "repo": "repository",
    "env": "environment",
    "config": "configuration",
    "cfg": "configuration",
    "msg": "message",
    "e2e": "end to end",
    "otel": "opentelemetry",
    "i18n": "internationalization",
    "ws": "websocket",
    "sse": "server sent events",
    "2pc": "two phase commit",
    "adr": "architecture decision record",
}


def fold(text: str) -> str:
    """Lowercase, strip accents and turn punctuation into spaces (keeping ``+`` and ``#`` inside words)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("'", "")
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(w for w in words if any(ch.isalnum() for ch in w))


def tokens(text: str) -> list[str]:
    return fold(text).split()


def expand(words: list[str]) -> list[str]:
    """Expand known abbreviations in place (``k8s`` → ``kubernetes``)."""
    out: list[str] = []
    for word in words:
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]


NOT_PLURALS = frozenset({"https", "sms", "news", "series", "status", "alias", "canvas", "calms", "jenkins"})


def singular(word: str) -> str:
    """A light plural fold for phrase matching: ``indexes`` → ``index``, ``queries`` → ``query``."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in NOT_PLURALS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    return word[:-1]
