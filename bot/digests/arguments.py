"""Parsing schedule arguments: channel, days, time and IANA time zone, with clear errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from functools import cache
from zoneinfo import available_timezones

from bot.delivery.schedule import Schedule, zone_problem

DAY_ALIASES: dict[str, tuple[int, ...]] = {
    "mon": (0,), "monday": (0,), "tue": (1,), "tues": (1,), "tuesday": (1,), "wed": (2,), "wednesday": (2,),
    "thu": (3,), "thur": (3,), "thurs": (3,), "thursday": (3,), "fri": (4,), "friday": (4,), "sat": (5,),
    "saturday": (5,), "sun": (6,), "sunday": (6,), "weekdays": (0, 1, 2, 3, 4), "weekends": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6), "everyday": (0, 1, 2, 3, 4, 5, 6),
}  # fmt: skip
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*+(am|pm)?$")
_CHANNEL = re.compile(r"^<#([A-Za-z0-9_-]{1,40})(?:\|[^>]*+)?>$|^#([A-Za-z0-9_-]{1,40})$")
_OFFSET = re.compile(r"^(utc|gmt)?\s*+[+-]\d", re.IGNORECASE)
ZONE_HELP = "Use an IANA time zone name such as `Europe/Berlin`, `America/New_York` or `UTC`."
FORMS_HELP = (
    "Days like `mon` or `mon,thu` (or `weekdays`, `daily`), a time like `09:00`, and a zone like `Europe/Berlin`."
)


class ArgumentError(ValueError):
    """A schedule argument that does not parse; the message says what is valid."""


@dataclass(frozen=True)
class ScheduleArgs:
    channel: str | None = None  # None: here
    days: tuple[int, ...] | None = None
    at: time | None = None
    timezone: str | None = None


def keeping(args: ScheduleArgs, previous: Schedule | None) -> ScheduleArgs:
    """``args`` with what they leave out taken from the schedule they change: a command keeps what you didn't change
    (`digest me on thu` after `digest me on mon 08:00 Europe/Berlin` stays at 08:00 Europe/Berlin)."""
    if previous is None:
        return args
    return replace(
        args,
        days=args.days if args.days is not None else previous.days,
        at=args.at if args.at is not None else previous.at,
        timezone=args.timezone if args.timezone is not None else previous.timezone,
    )


def parse_schedule_args(words: list[str], *, allow_channel: bool) -> ScheduleArgs:
    channel: str | None = None
    days: set[int] = set()
    at: time | None = None
    zone: str | None = None
    for word in words:
        lowered = word.lower().strip(",")
        if allow_channel and (match := _CHANNEL.match(word)):
            channel = match.group(1) or match.group(2)
        elif allow_channel and lowered == "here":
            channel = None
        elif parts := parse_days(lowered):
            days.update(parts)
        elif (parsed := parse_time(lowered)) is not None:
            at = parsed
        else:
            zone = parse_zone(word)
    return ScheduleArgs(channel, tuple(sorted(days)) or None, at, zone)


def parse_days(text: str) -> tuple[int, ...]:
    parts = [p for p in text.split(",") if p]
    if not parts or any(p not in DAY_ALIASES for p in parts):
        return ()
    return tuple(sorted({d for p in parts for d in DAY_ALIASES[p]}))


def parse_time(text: str) -> time | None:
    """``09:00``, ``9:30``, ``9am``, ``5:15pm``; None when it is not a time at all; an error when out of range."""
    match = _TIME.match(text)
    if not match or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ArgumentError(f"`{text}` is not a valid time. Use 24-hour `HH:MM` such as `09:00` or `17:30`.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ArgumentError(f"`{text}` is not a valid time. Use 24-hour `HH:MM` such as `09:00` or `17:30`.")
    return time(hour, minute)


def parse_zone(text: str) -> str:
    """The canonical IANA name for ``text`` (case-insensitive), or an error explaining the valid form."""
    shown = text[:40]
    if _OFFSET.match(text):
        raise ArgumentError(
            f"`{shown}` is an offset, not a time zone: offsets change with daylight saving. {ZONE_HELP}"
        )
    canonical = _zones().get(text.lower())
    if canonical is None:
        raise ArgumentError(f"I don't know the time zone or argument `{shown}`. {ZONE_HELP} {FORMS_HELP}")
    if zone_problem(canonical):
        raise ArgumentError(f"`{shown}` is not a usable time zone. {ZONE_HELP}")
    return canonical


def valid_zone(name: str | None) -> str | None:
    """A platform-reported zone if it is a real IANA name, else None."""
    if not name:
        return None
    try:
        return parse_zone(name)
    except ArgumentError:
        return None


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()} | {"utc": "UTC"}
