"""The words of team features. Each form is exact, so "team" or "partners" inside a real question stays a question.

``team`` (what team features do), ``team map``, ``team share on|off``, admins: ``team on|off``,
``team summary on [#channel|me] [day] [HH:MM] [zone]``, ``team summary off``; ``partners`` (your status),
``partners join [area]``, ``partners leave``, ``partners snooze 2w``, admins: ``partners schedule [day] [HH:MM]
[zone]`` / ``partners schedule off``; buttons send ``partners met <round> yes|no``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.digests.arguments import ArgumentError, ScheduleArgs, parse_schedule_args


@dataclass(frozen=True)
class TeamHelp:
    pass


@dataclass(frozen=True)
class TeamMap:
    pass


@dataclass(frozen=True)
class TeamShare:
    on: bool


@dataclass(frozen=True)
class TeamSwitch:
    on: bool  # admins: team features on or off for the workspace


@dataclass(frozen=True)
class TeamSummary:
    on: bool
    to_me: bool = False
    args: ScheduleArgs = field(default_factory=ScheduleArgs)


@dataclass(frozen=True)
class Partners:
    action: str  # status | join | leave | snooze
    area: str | None = None
    weeks: int = 0


@dataclass(frozen=True)
class PartnersSchedule:
    on: bool
    args: ScheduleArgs = field(default_factory=ScheduleArgs)


@dataclass(frozen=True)
class PartnersMet:
    round_id: int
    met: bool


@dataclass(frozen=True)
class TeamMalformed:
    hint: str


TeamCommand = TeamHelp | TeamMap | TeamShare | TeamSwitch | TeamSummary | Partners | PartnersSchedule | PartnersMet

SUMMARY_FORM = "`team summary on [#channel|me] [day] [HH:MM] [zone]` or `team summary off`"
TEAM_FORMS = f"`team map`, `team share on|off`, {SUMMARY_FORM}, `team on|off` (admins)"
SCHEDULE_FORM = "`partners schedule [day] [HH:MM] [zone]` or `partners schedule off`"
PARTNER_FORMS = f"`partners join [area]`, `partners leave`, `partners snooze 2w`, {SCHEDULE_FORM} (admins)"
MAX_SNOOZE_WEEKS = 12
_SNOOZE = re.compile(r"^(\d{1,2})\s*(w|wk|wks|week|weeks)$")
_MET = re.compile(r"^partners met (\d{1,12}) (yes|no)$")


def parse_team(words: str, area_id: Callable[[str], str | None]) -> TeamCommand | TeamMalformed | None:
    """The team command ``words`` are, a hint when they start like one, or None: then they are a question."""
    lowered = words.lower().strip()
    args = lowered.split()
    if not args:
        return None
    if args[0] == "team":
        return _team(words.split()[1:], args[1:])
    if args[0] == "partners":
        if match := _MET.match(lowered):
            return PartnersMet(int(match.group(1)), match.group(2) == "yes")
        return _partners(words.split()[1:], args[1:], area_id)
    return None


def _team(raw: list[str], args: list[str]) -> TeamCommand | TeamMalformed | None:
    if not args:
        return TeamHelp()
    if args == ["map"]:
        return TeamMap()
    if args in (["on"], ["off"]):
        return TeamSwitch(args[0] == "on")
    if args[0] == "share" and len(args) <= 2:
        if args[1:] in (["on"], ["off"]):
            return TeamShare(args[1] == "on")
        return TeamMalformed("Try `team share on` (your name and progress on the team map) or `team share off`.")
    if args[0] == "summary":
        return _summary(raw[1:], args[1:])
    return None  # "team topologies for a platform team?" is a question


def _summary(raw: list[str], args: list[str]) -> TeamSummary | TeamMalformed | None:
    if args == ["off"]:
        return TeamSummary(on=False)
    if args[:1] != ["on"]:
        return TeamMalformed(f"Try {SUMMARY_FORM}.") if len(args) <= 1 else None
    rest = raw[1:]
    to_me = bool(rest) and rest[0].lower() == "me"
    try:
        parsed = parse_schedule_args(rest[1:] if to_me else rest, allow_channel=not to_me)
    except ArgumentError as error:
        return TeamMalformed(f"{error}\nForm: {SUMMARY_FORM}.")
    return TeamSummary(on=True, to_me=to_me, args=parsed)


def _partners(
    raw: list[str], args: list[str], area_id: Callable[[str], str | None]
) -> TeamCommand | TeamMalformed | None:
    if not args:
        return Partners("status")
    if args == ["leave"]:
        return Partners("leave")
    if args[0] == "join":
        if len(args) == 1:
            return Partners("join")
        area = area_id(" ".join(args[1:]))
        if area is not None:
            return Partners("join", area)
        return TeamMalformed("I don't know that area. Try `partners join` or `partners join <area>`, e.g. "
                             "`partners join databases`.") if len(args) == 2 else None  # fmt: skip
    if args[0] == "snooze" and len(args) <= 3:
        match = _SNOOZE.match(" ".join(args[1:]))
        weeks = int(match.group(1)) if match else 0
        if 1 <= weeks <= MAX_SNOOZE_WEEKS:
            return Partners("snooze", weeks=weeks)
        return TeamMalformed(f"Snooze for 1 to {MAX_SNOOZE_WEEKS} weeks, e.g. `partners snooze 2w`.")
    if args[0] == "schedule":
        if args[1:] == ["off"]:
            return PartnersSchedule(on=False)
        try:
            return PartnersSchedule(on=True, args=parse_schedule_args(raw[1:], allow_channel=False))
        except ArgumentError as error:
            return TeamMalformed(f"{error}\nForm: {SCHEDULE_FORM}.") if len(args) <= 4 else None
    if len(args) == 1:
        return TeamMalformed(f"Try one of: {PARTNER_FORMS}.")
    return None  # "partners in a pairing session: how to split the work?" is a question
