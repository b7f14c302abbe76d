"""Loose matching of a typed topic name (id, title, alias, with typos) to one topic, or to a few suggestions."""

from __future__ import annotations

from collections.abc import Collection

from rapidfuzz import fuzz, process

from bot.answers.text import fold
from bot.content import Content, Topic

MATCH_SCORE = 88.0  # a typo or two in a name ("postgress", "kubernets", "databse indexing") ...
MATCH_MARGIN = 3.0  # ... clearly ahead of the next topic,
LONE_SCORE = 80.0  # or one slip in a short name ("dokcer", "kafak") ...
LONE_MARGIN = 12.0  # ... with no other topic anywhere near
SUGGEST_SCORE = 70.0
SUGGESTIONS = 3
MAX_QUERY_CHARS = 100
# (scorer, weight): whole-string similarity; the same words in another order; one name's words inside the other
# ("jwt tokens" contains "jwt"), which is only ever worth a suggestion.
_SCORERS = ((fuzz.ratio, 1.0), (fuzz.token_sort_ratio, 0.97), (fuzz.token_set_ratio, 0.75))


def match_topic(
    content: Content, text: str, candidates: Collection[str] | None = None
) -> tuple[Topic | None, list[Topic]]:
    """The topic ``text`` names, or ``(None, suggestions)`` (best first, at most three) when unsure.

    ``candidates`` restricts the search to those topic ids (for example the user's plan); ``None`` searches all.
    """
    query = fold(text)
    if not query or len(query) > MAX_QUERY_CHARS:
        return None, []
    pool = _pool(content, candidates)
    names, owners = _names(pool)
    exact = list(dict.fromkeys(owner for name, owner in zip(names, owners, strict=True) if name == query))
    if len(exact) == 1:
        return pool[exact[0]], []
    if exact:
        return None, [pool[topic_id] for topic_id in sorted(exact)][:SUGGESTIONS]
    ranked = _fuzzy(query, names, owners)
    if not ranked:
        return None, []
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = best - runner_up
    if (best >= MATCH_SCORE and margin >= MATCH_MARGIN) or (best >= LONE_SCORE and margin >= LONE_MARGIN):
        return pool[best_id], []
    return None, [pool[topic_id] for topic_id, score in ranked[:SUGGESTIONS] if score >= SUGGEST_SCORE]


def _pool(content: Content, candidates: Collection[str] | None) -> dict[str, Topic]:
    if candidates is None:
        return dict(content.topics)
    topics = (content.topic(topic_id) for topic_id in candidates)
    return {topic.id: topic for topic in topics if topic is not None}


def _names(pool: dict[str, Topic]) -> tuple[list[str], list[str]]:
    names: list[str] = []
    owners: list[str] = []
    for topic in pool.values():
        for name in dict.fromkeys(fold(n) for n in (topic.id.replace("-", " "), topic.title, *topic.aliases)):
            if name:
                names.append(name)
                owners.append(topic.id)
    return names, owners


def _fuzzy(query: str, names: list[str], owners: list[str]) -> list[tuple[str, float]]:
    """Topics by their best weighted score over their names, best first."""
    best: dict[str, float] = {}
    for scorer, weight in _SCORERS:
        for _name, score, index in process.extract(query, names, scorer=scorer, limit=None, score_cutoff=50):
            owner = owners[index]
            best[owner] = max(best.get(owner, 0.0), score * weight)
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))
