"""Is an alias explained by its card? An alias promises an answer, so the card must name what it stands for."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.content.models import Topic

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by do for how i in is it of on or the to vs what why with you your".split()  # noqa: SIM905
)


def stem(word: str) -> str:
    """A crude stem, enough to match plurals and verb forms across a card's prose."""
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            return root[:-1] if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "aeiouls" else root
    return word


def terms(text: str) -> str:
    """Text as a space-joined run of stemmed words without stop words (phrases match as substrings)."""
    return " ".join(stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP)


def card_text(topic: Topic) -> str:
    """The card's own words, its tools and its FAQ entries, as :func:`terms`."""
    parts = [topic.title, topic.summary, topic.why, topic.practice, *topic.tools]
    parts += [text for faq in topic.faqs for text in (faq.question, faq.answer)]
    return " | ".join(terms(part) for part in parts)


def unexplained_aliases(topic: Topic, synonyms: Mapping[str, str]) -> list[str]:
    """The aliases the card never names, that are neither its title's initials nor an allow-listed synonym.

    ``synonyms`` maps a plain abbreviation or synonym (``k8s``) to what it stands for (``kubernetes``); the
    alias counts as explained when that expansion is named by the card.
    """
    text = f" {card_text(topic)} "
    initials = "".join(w[0] for w in terms(topic.title).split())
    missing = []
    for alias in topic.aliases:
        phrase = terms(alias)
        if not phrase or phrase.replace(" ", "") == initials or _named(phrase, text):
            continue
        expansion = synonyms.get(alias.lower().strip())
        if expansion is None or not _named(terms(expansion), text):
            missing.append(alias)
    return missing


def _named(phrase: str, text: str) -> bool:
    return f" {phrase} " in text or f" {phrase.replace(' ', '')} " in text
