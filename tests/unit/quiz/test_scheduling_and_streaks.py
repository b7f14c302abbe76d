"""FSRS due dates over months of simulated reviews, and streak arithmetic across zones with the monthly freeze."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.quiz.scheduling import review
from bot.quiz.streaks import streak

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_good_reviews_on_time_stretch_the_interval_for_months() -> None:
    state, now = None, START
    intervals = []
    while now < START + timedelta(days=365):
        state, next_due = review(state, "good", now)
        intervals.append((next_due - now).days)
        now = next_due
    assert intervals == sorted(intervals)  # never shorter than before
    assert intervals[0] <= 3 and intervals[-1] > 60
    assert len(intervals) < 12  # a year of recall in a handful of reviews


def test_a_lapse_brings_the_item_back_soon_and_it_recovers() -> None:
    state, now = None, START
    for _ in range(4):
        state, now = review(state, "good", now)
    state, due = review(state, "again", now)
    assert (due - now) <= timedelta(days=2)
    state, later = review(state, "good", due)
    long_interval = later - due
    assert long_interval > (due - now)


def test_grades_order_the_next_interval() -> None:
    state, now = review(None, "good", START)
    dues = {grade: review(state, grade, now)[1] for grade in ("again", "hard", "good", "easy")}
    assert dues["again"] < dues["hard"] <= dues["good"] < dues["easy"]


def test_the_same_reviews_give_the_same_dates() -> None:
    first = review(review(None, "good", START)[0], "hard", START + timedelta(days=2))
    second = review(review(None, "good", START)[0], "hard", START + timedelta(days=2))
    assert first == second


FRIDAY = datetime(2026, 12, 4, 12, tzinfo=UTC)  # week of Monday 30 November


def weeks_ago(n: int, hour: int = 12) -> datetime:
    return FRIDAY.replace(hour=hour) - timedelta(weeks=n)


def test_consecutive_weeks_count_and_the_current_week_never_breaks_it() -> None:
    assert streak([weeks_ago(0), weeks_ago(1), weeks_ago(2)], FRIDAY).weeks == 3
    waiting = streak([weeks_ago(1), weeks_ago(2)], FRIDAY)
    assert (waiting.weeks, waiting.this_week) == (2, False)
    assert "Keep it alive" in waiting.describe()


def test_one_missed_week_a_month_is_frozen_two_are_not() -> None:
    frozen = streak([weeks_ago(0), weeks_ago(2), weeks_ago(3)], FRIDAY)
    assert (frozen.weeks, frozen.frozen) == (3, 1)
    # weeks of 16 and 23 November missed: both in November, one freeze only
    assert streak([weeks_ago(0), weeks_ago(3)], FRIDAY).weeks == 1
    # a missed week in November and one in October: each month has its freeze
    spread = [weeks_ago(0), weeks_ago(2), weeks_ago(3), weeks_ago(4), weeks_ago(6)]
    assert streak(spread, FRIDAY).weeks == 5


def test_weeks_are_counted_in_the_persons_zone() -> None:
    sunday_late_utc = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    in_berlin = streak([sunday_late_utc], FRIDAY, "Europe/Berlin")
    in_utc = streak([sunday_late_utc], FRIDAY, "UTC")
    assert in_berlin.this_week and in_berlin.weeks == 1
    assert not in_utc.this_week and in_utc.weeks == 1


def test_no_activity_is_no_streak() -> None:
    assert streak([], FRIDAY).weeks == 0
    assert "No streak yet" in streak([], FRIDAY).describe()
