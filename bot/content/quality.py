"""Card-quality rules: FAQ entries, self-checks, sources, aliases and freshness.

Each rule yields readable problems naming the file layer and the id. Rules in :data:`STRICT` are errors for the
packaged content; a team overlay's cards get them as warnings (its FAQ ids must still be unique). Stale ``verified``
stamps are always warnings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from bot.content.aliases import unexplained_aliases
from bot.content.models import AUTHORITATIVE_KINDS, PACKAGED_LAYER, Content, Topic

FRESHNESS_MONTHS = 18
MIN_FAQS = 2
CHECKS_WANTED = 3
MISCONCEPTIONS_WANTED = (1, 3)
MIN_RESOURCES = 2
TIPS_WANTED = 156
BEFORE_SHARE = 0.4
_BEFORE = re.compile(r"\bbefore\b", re.IGNORECASE)
_CHAPTER_NUMBER = re.compile(r"\b(ch|chapter|chap)\.?\s*\d", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](\s|$)")


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    packaged: bool = True  # a team overlay's card gets warnings for quality rules, never errors


def where(topic: Topic) -> str:
    layer = "" if topic.layer == PACKAGED_LAYER else f" (layer {topic.layer})"
    return f"topics/{topic.area}.yaml: topic {topic.id}{layer}"


def _packaged(topic: Topic) -> bool:
    return topic.layer == PACKAGED_LAYER


def _faq_ids(content: Content) -> Iterator[Finding]:
    counts = Counter(faq.id for topic in content.topics.values() for faq in topic.faqs)
    for topic in content.topics.values():
        for faq in topic.faqs:
            if not faq.id.startswith(f"{topic.id}/"):
                yield Finding("faq-id", f"{where(topic)}: FAQ id {faq.id!r} must start with '{topic.id}/'")
            if counts[faq.id] > 1:
                yield Finding("faq-id", f"{where(topic)}: FAQ id {faq.id!r} is used {counts[faq.id]} times")


def _faq_shape(content: Content) -> Iterator[Finding]:
    for topic in content.topics.values():
        for faq in topic.faqs:
            sentences = len(_SENTENCE_END.findall(faq.answer))
            if not 2 <= sentences <= 5:
                yield Finding(
                    "faq-shape",
                    f"{where(topic)}: FAQ {faq.id} answer has {sentences} sentences, 2-5 wanted",
                    _packaged(topic),
                )


def _self_checks(content: Content) -> Iterator[Finding]:
    low, high = MISCONCEPTIONS_WANTED
    for topic in content.topics.values():
        if len(topic.faqs) < MIN_FAQS:
            yield Finding(
                "faqs", f"{where(topic)}: {len(topic.faqs)} FAQ entries, at least {MIN_FAQS} wanted", _packaged(topic)
            )
        if len(topic.checks) != CHECKS_WANTED:
            yield Finding(
                "checks", f"{where(topic)}: {len(topic.checks)} self-checks, {CHECKS_WANTED} wanted", _packaged(topic)
            )
        if not low <= len(topic.misconceptions) <= high:
            yield Finding(
                "checks",
                f"{where(topic)}: {len(topic.misconceptions)} misconceptions, {low}-{high} wanted",
                _packaged(topic),
            )


def _sources(content: Content) -> Iterator[Finding]:
    for topic in content.topics.values():
        if len(topic.resources) < MIN_RESOURCES:
            yield Finding(
                "sources",
                f"{where(topic)}: {len(topic.resources)} sources, at least {MIN_RESOURCES} wanted",
                _packaged(topic),
            )
        if not any(r.kind in AUTHORITATIVE_KINDS and r.url for r in topic.resources):
            yield Finding(
                "sources", f"{where(topic)}: no spec, RFC or docs source with an https:// URL", _packaged(topic)
            )
        for resource in topic.resources:
            if resource.kind == "book" and _CHAPTER_NUMBER.search(resource.title):
                yield Finding(
                    "sources",
                    f"{where(topic)}: cite book chapters by name, not number: {resource.title!r}",
                    _packaged(topic),
                )


def _aliases(content: Content) -> Iterator[Finding]:
    for topic in content.topics.values():
        for alias in unexplained_aliases(topic, content.synonyms):
            yield Finding(
                "aliases",
                f"{where(topic)}: alias {alias!r} is not explained by the card or its FAQ entries "
                "(explain it, list it in synonyms.yaml if it is a plain synonym of the title, or drop it)",
                _packaged(topic),
            )


def freshness(content: Content, today: date) -> Iterator[Finding]:
    """Claims marked ``verified: YYYY-MM`` more than :data:`FRESHNESS_MONTHS` ago (always a warning)."""
    for topic in content.topics.values():
        stamps = [(topic.id, topic.verified), *((faq.id, faq.verified) for faq in topic.faqs)]
        for item, stamp in stamps:
            if stamp and _months_between(stamp, today) > FRESHNESS_MONTHS:
                yield Finding("freshness", f"{where(topic)}: {item} was verified {stamp}; check it again")


def _months_between(stamp: str, today: date) -> int:
    year, month = (int(part) for part in stamp.split("-"))
    return (today.year - year) * 12 + today.month - month


def _tips(content: Content) -> Iterator[Finding]:
    if len(content.tips) < TIPS_WANTED:
        yield Finding("tips", f"tips: {len(content.tips)} tips, {TIPS_WANTED} wanted (three years without a repeat)")
    before = sum(1 for tip in content.tips if _BEFORE.search(tip.headline))
    if content.tips and before > BEFORE_SHARE * len(content.tips):
        yield Finding(
            "tips", f"tips: {before} of {len(content.tips)} headlines read 'X before Y'; at most {BEFORE_SHARE:.0%}"
        )


RULES: dict[str, Callable[[Content], Iterator[Finding]]] = {
    "tips": _tips,
    "faq-id": _faq_ids,
    "faq-shape": _faq_shape,
    "faqs": _self_checks,
    "sources": _sources,
    "aliases": _aliases,
}
STRICT = frozenset(RULES)  # every rule is an error now that the content meets them


def quality_findings(content: Content, today: date) -> tuple[list[str], list[str]]:
    """(errors, warnings) of the card-quality rules."""
    errors: list[str] = []
    warnings: list[str] = []
    for rule, check in RULES.items():
        for finding in check(content):
            strict = rule in STRICT and (finding.packaged or rule == "faq-id")
            (errors if strict else warnings).append(finding.message)
    warnings += [finding.message for finding in freshness(content, today)]
    return errors, warnings
