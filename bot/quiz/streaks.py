"""Weekly streaks: consecutive weeks with at least one review or finished step, with one free freeze a month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Streak:
    weeks: int  # weeks with activity in the current run
    frozen: int  # missed weeks covered by a freeze in the current run
    this_week: bool  # whether this week already counts

    def describe(self) -> str:
        if self.weeks == 0:
            return "No streak yet: one review or finished step this week starts one."
        unit = "week" if self.weeks == 1 else "weeks"
        freeze = f" ({self.frozen} missed week(s) covered by a monthly freeze)" if self.frozen else ""
        nudge = "" if self.this_week else " Keep it alive with one review this week."
        return f"Streak: {self.weeks} {unit}{freeze}.{nudge}"


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streak(activity: Iterable[datetime], now: datetime, zone: str = "UTC") -> Streak:
    """Count back week by week (Monday-based, in the person's zone) from the current week.

    The current week never breaks a streak (it is still under way). A week without activity is covered by a
    freeze when no other week of the same calendar month (of its Monday) used one; otherwise the run ends there.
    """
    tz = ZoneInfo(zone)
    weeks = {_week_start(moment.astimezone(tz).date()) for moment in activity}
    current = _week_start(now.astimezone(tz).date())
    count = 1 if current in weeks else 0
    frozen: list[tuple[int, int]] = []  # months whose freeze bridged a gap in this run
    pending: list[tuple[int, int]] = []  # freezes spent on gaps not yet bridged to an active week
    week = current - timedelta(days=7)
    earliest = min(weeks, default=current)
    while week >= earliest:
        month = (week.year, week.month)
        if week in weeks:
            count += 1
            frozen += pending
            pending = []
        elif month not in frozen and month not in pending:
            pending.append(month)
        else:
            break
        week -= timedelta(days=7)
    return Streak(count, len(frozen), current in weeks)
