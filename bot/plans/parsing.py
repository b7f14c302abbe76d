"""Parsers for the assessment's typed answers: each returns the value or raises :class:`AnswerError` to re-prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content import AREAS, LEVELS
from bot.digests.arguments import ArgumentError, parse_time, parse_zone, valid_zone
from bot.grammar import area_id
from bot.plans.builder import MAX_HOURS, MIN_HOURS

MAX_ITEMS = 30
MAX_ECHO_CHARS = 40
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{day: day for day in DAYS},
    **{name: name[:3] for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")},
    "tues": "tue",
    "weds": "wed",
    "thur": "thu",
    "thurs": "thu",
}
_LEVEL_WORDS = {
    **{level: level for level in LEVELS},
    "jr": "junior",
    "entry": "junior",
    "middle": "mid",
    "intermediate": "mid",
    "midlevel": "mid",
    "sr": "senior",
    "lead": "staff",
}
_FILLER = frozenset({"at", "on", "every", "each", "@", "in", "tz", "zone"})
_ALL_WORDS = frozenset({"all", "any", "everything", "all areas", "every area"})
NONE_WORDS = frozenset({"none", "nothing", "no", "nope", "none of these", "none of them", "neither", "n/a", "-"})
SKIP_WORDS = frozenset({"skip", "no", "none", "off", "never", "no check-ins", "no checkins", "no check-in"})
# Possessive spaces (\s*+) and no spaces around the separators: each pattern reads the text once (n² before).
_HOURS = re.compile(r"^(-?\d+(?:[.,]\d+)?)\s*+(?:h|hr|hrs|hour|hours)?\s*+(?:(?:/|a|per|each)\s*+(?:w|wk|week))?$")
_ITEM_SPLIT = re.compile(r",|;|\band\b|&|\n")  # each item is stripped after the split


class AnswerError(ValueError):
    """The answer does not fit the question; the message tells the user what would."""


@dataclass(frozen=True)
class Checkin:
    """A weekly check-in: ``day`` is ``mon``..``sun``, ``time`` is ``HH:MM`` in the IANA zone ``timezone``."""

    day: str
    time: str
    timezone: str


def echo(text: str) -> str:
    """User text made safe to quote back: short, single-line, no backticks."""
    text = " ".join(text.replace("`", "'").split())
    return text if len(text) <= MAX_ECHO_CHARS else text[: MAX_ECHO_CHARS - 1] + "…"


def parse_level(text: str, allowed: tuple[str, ...]) -> str:
    """One level out of ``allowed`` ("senior", "Senior engineer", "sr")."""
    words = re.sub(r"[^a-z]+", " ", text.lower().replace("mid-level", "midlevel").replace("mid level", "midlevel"))
    found = {_LEVEL_WORDS[w] for w in words.split() if w in _LEVEL_WORDS}
    choices = ", ".join(allowed)
    if len(found) != 1:
        raise AnswerError(f"Please answer with one level: {choices}.")
    (level,) = found
    if level not in allowed:
        raise AnswerError(f"{level.capitalize()} isn't one of the choices here; pick one of: {choices}.")
    return level


def parse_areas(text: str) -> tuple[str, ...]:
    """Areas separated by commas or spaces, in the fixed area order; ``()`` means all areas."""
    lowered = " ".join(text.lower().split())
    if lowered in _ALL_WORDS:
        return ()
    words = [w for w in re.split(r"[\s,;/]+|\band\b", lowered) if w and w != "&"]
    found: set[str] = set()
    unknown: list[str] = []
    i = 0
    while i < len(words):
        pair = area_id(f"{words[i]} {words[i + 1]}") if i + 1 < len(words) else None
        if pair:
            found.add(pair)
            i += 2
            continue
        single = area_id(words[i])
        if single:
            found.add(single)
        elif words[i] in _ALL_WORDS:
            return ()
        else:
            unknown.append(words[i])
        i += 1
    if unknown:
        shown = ", ".join(f"'{echo(w)}'" for w in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise AnswerError(f"I don't know the area(s) {shown}. Pick from: {', '.join(AREAS)}, or type `all`.")
    if not found:
        raise AnswerError(f"Name one or more areas ({', '.join(AREAS)}), or type `all`.")
    return tuple(a for a in AREAS if a in found)


def split_items(text: str) -> list[str]:
    """The topics a user listed, split on commas, semicolons, ``and`` and new lines (``ci/cd`` stays whole)."""
    items = [" ".join(item.split()) for item in _ITEM_SPLIT.split(text)]
    unique = list(dict.fromkeys(item for item in items if item))
    if len(unique) > MAX_ITEMS:
        raise AnswerError(f"That's {len(unique)} items; list at most {MAX_ITEMS} topics you know well.")
    return unique


def parse_hours(text: str) -> int:
    """Whole hours per week, 1 to 40 ("5", "5h", "5 hours a week")."""
    match = _HOURS.match(text.strip().lower())
    if not match:
        raise AnswerError(f"How many hours a week? Type a whole number from {MIN_HOURS} to {MAX_HOURS}, e.g. `5`.")
    number = match.group(1).replace(",", ".")
    if "." in number:
        raise AnswerError(f"Please use whole hours, from {MIN_HOURS} to {MAX_HOURS}.")
    hours = int(number) if len(number) <= 6 else 10**6
    span = f"type a whole number from {MIN_HOURS} to {MAX_HOURS}"
    if hours < MIN_HOURS:
        raise AnswerError(f"A plan needs at least {MIN_HOURS} hour a week; {span}.")
    if hours > MAX_HOURS:
        raise AnswerError(f"That's more than a plan allows: {MAX_HOURS} hours a week at most; {span}.")
    return hours


def parse_checkin(text: str, default_timezone: str | None) -> Checkin | None:
    """``mon 09:00 Europe/Berlin`` (the zone may be left out when a default is known); ``skip`` gives ``None``."""
    lowered = " ".join(text.lower().split())
    if lowered in SKIP_WORDS:
        return None
    tokens = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", " ".join(text.replace(",", " ").split())).split(" ")
    days: list[str] = []
    times: list[str] = []
    zones: list[str] = []
    for token in tokens:
        if token.lower() in _FILLER:
            continue
        if token.lower() in _DAY_NAMES:
            days.append(_DAY_NAMES[token.lower()])
        elif (clock := _clock_time(token.lower())) is not None:
            times.append(clock)
        else:
            zones.append(token)
    example = f"e.g. `mon 09:00 {default_timezone or 'Europe/Berlin'}`, or `skip`"
    if len(days) != 1:
        raise AnswerError(f"Give one day of the week (mon … sun), a time and a time zone, {example}.")
    if len(times) != 1:
        raise AnswerError(f"Give one time as HH:MM (24-hour), {example}.")
    if len(zones) > 1:
        raise AnswerError(f"I expected one time zone, not '{echo(' '.join(zones))}'; {example}.")
    zone = timezone_name(zones[0]) if zones else default_timezone
    if zone is None:
        raise AnswerError(f"Add your IANA time zone (like Europe/Berlin or America/New_York), {example}.")
    return Checkin(days[0], times[0], zone)


def _clock_time(token: str) -> str | None:
    """``09:00``, ``9am``, ``5:30pm`` as ``HH:MM``; None when the token is not a time at all."""
    try:
        parsed = parse_time(token)
    except ArgumentError as problem:
        raise AnswerError(str(problem).replace("`", "'")) from problem
    return f"{parsed:%H:%M}" if parsed is not None else None


def timezone_name(text: str) -> str:
    """The canonical IANA name for ``text`` (any case), or :class:`AnswerError` saying why it is not a zone."""
    try:
        return parse_zone(text)
    except ArgumentError as problem:
        raise AnswerError(str(problem).replace("`", "'")) from problem


valid_timezone = valid_zone
