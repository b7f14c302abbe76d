"""Schedules and the pure rule for which occurrence is due.

Occurrences are computed in the schedule's IANA zone, so they stay at the chosen local time across DST.
DST rule: a local time that does not exist (spring forward) moves forward by the gap (02:30 → 03:30 in
Europe/Berlin); a local time that happens twice (fall back) fires once, at the first of the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.messages import Destination, Platform

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# IANA's areas (and `Etc`, its fixed zones such as `Etc/GMT-2`): `Europe/Berlin` is accepted; `localtime`,
# `Factory`, `posixrules` and the legacy links (`US/Eastern`, `Japan`), which a host may lack, are not.
REGIONS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Etc", "Europe", "Indian", "Pacific"}
)


def zone_problem(name: str) -> str | None:
    """None when ``name`` is ``UTC`` or an IANA region zone that loads here; otherwise why it is not usable."""
    if name != "UTC" and name.partition("/")[0] not in REGIONS:
        return f"`{name[:40]}` is not an IANA region time zone"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"the time zone `{name[:40]}` cannot be loaded on this server"
    return None


@dataclass(frozen=True)
class Schedule:
    """When to send something to a destination: weekdays (0 = Monday) at a local time in an IANA zone."""

    kind: str  # "digest" | "checkin"
    destination: Destination
    days: tuple[int, ...]
    at: time
    timezone: str
    created_at: datetime
    paused_reason: str | None = None
    created_by: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.destination.key}"

    def describe(self) -> str:
        """``mon, thu at 09:00 Europe/Berlin``."""
        return f"{', '.join(DAY_NAMES[d] for d in self.days)} at {self.at:%H:%M} {self.timezone}"

    def describe_for(self, platform: str, now: datetime) -> str:
        """:meth:`describe`, and on Discord the time in the reader's own zone: Discord's timestamp markup
        (``<t:UNIX:t>``, of the next occurrence) shows each reader their local time and pings nobody."""
        text = self.describe()
        if platform != Platform.DISCORD or zone_problem(self.timezone):
            return text
        upcoming = next_occurrence(self, now)
        if upcoming is None:
            return text
        unix = int(upcoming.timestamp())
        return f"{text} (<t:{unix}:t> your time)"


@dataclass(frozen=True)
class Occurrence:
    schedule: Schedule
    at: datetime  # UTC


def local_occurrence(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``at`` on ``day`` in ``zone``, applying the DST rule above."""
    local = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of two, or before-the-gap offset
    return local.astimezone(UTC)


def latest_occurrence(schedule: Schedule, now: datetime) -> datetime | None:
    """The most recent occurrence at or before ``now`` (UTC), within the last eight days."""
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    for back in range(8):
        day = today - timedelta(days=back)
        if day.weekday() in schedule.days:
            instant = local_occurrence(day, schedule.at, zone)
            if instant <= now:
                return instant
    return None


def next_occurrence(schedule: Schedule, now: datetime) -> datetime | None:
    """The first occurrence strictly after ``now`` (UTC)."""
    if not schedule.days:
        return None
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    for ahead in range(9):
        day = today + timedelta(days=ahead)
        if day.weekday() in schedule.days:
            instant = local_occurrence(day, schedule.at, zone)
            if instant > now:
                return instant
    return None


def unusable(schedules: Iterable[Schedule]) -> list[tuple[Schedule, str]]:
    """Active schedules whose zone cannot be used, with the reason: they are paused, the others go on."""
    found = []
    for schedule in schedules:
        problem = None if schedule.paused_reason else zone_problem(schedule.timezone)
        if problem:
            found.append((schedule, problem))
    return found


def due(schedules: Iterable[Schedule], now: datetime) -> list[Occurrence]:
    """The occurrence each active schedule owes at ``now``: its latest one, if it came after the schedule was made.

    Only the latest occurrence is ever due, so downtime of any length yields at most one catch-up post; once the
    next occurrence arrives, the missed one is no longer due. The ledger makes each occurrence go out once.
    A schedule whose zone cannot be used is left out (see ``unusable``): it never stops the others.
    """
    owed = []
    for schedule in schedules:
        if schedule.paused_reason or zone_problem(schedule.timezone):
            continue
        latest = latest_occurrence(schedule, now)
        if latest is not None and latest >= schedule.created_at:
            owed.append(Occurrence(schedule, latest))
    return owed
