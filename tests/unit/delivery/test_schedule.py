"""The due function with a fixed clock: local times across DST, the DST rule, and downtime."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.schedule import Schedule, due, latest_occurrence, next_occurrence
from bot.messages import Destination

DEST = Destination("slack", "T1", "C1")
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def weekly(day: int, at: str, zone: str) -> Schedule:
    hour, minute = map(int, at.split(":"))
    return Schedule("digest", DEST, (day,), time(hour, minute), zone, CREATED)


def fire_times(schedule: Schedule, start: datetime, weeks: int) -> list[datetime]:
    times, now = [], start
    for _ in range(weeks):
        upcoming = next_occurrence(schedule, now)
        assert upcoming is not None
        times.append(upcoming)
        now = upcoming
    return times


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("Europe/Berlin", datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)),  # east of UTC
        ("America/New_York", datetime(2026, 2, 22, tzinfo=UTC), datetime(2026, 10, 18, tzinfo=UTC)),  # west of UTC
    ],
)
def test_fires_at_the_chosen_local_time_across_both_dst_changes(zone: str, spring: datetime, autumn: datetime) -> None:
    schedule = weekly(0, "09:00", zone)
    for start in (spring, autumn):
        instants = fire_times(schedule, start, 6)
        local = [t.astimezone(ZoneInfo(zone)) for t in instants]
        assert all((t.hour, t.minute, t.weekday()) == (9, 0, 0) for t in local)
        offsets = {t.utcoffset() for t in local}
        assert len(offsets) == 2  # the UTC instant moved with DST; the local time did not


def test_a_local_time_that_does_not_exist_moves_forward_by_the_gap() -> None:
    # 2026-03-29: clocks in Berlin jump from 02:00 to 03:00.
    schedule = weekly(6, "02:30", "Europe/Berlin")
    [instant] = fire_times(schedule, datetime(2026, 3, 28, tzinfo=UTC), 1)
    assert instant == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert instant.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "03:30"


def test_a_local_time_that_happens_twice_fires_once_at_the_first() -> None:
    # 2026-10-25: clocks in Berlin fall back from 03:00 to 02:00, so 02:30 happens twice.
    schedule = weekly(6, "02:30", "Europe/Berlin")
    first, following = fire_times(schedule, datetime(2026, 10, 24, tzinfo=UTC), 2)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first one
    assert following - first == timedelta(days=7, hours=1)


def test_downtime_over_posting_time_owes_exactly_the_missed_occurrence() -> None:
    schedule = weekly(0, "09:00", "UTC")
    back_up = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday afternoon
    [owed] = due([schedule], back_up)
    assert owed.at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_three_weeks_of_downtime_owe_one_post_not_a_backlog() -> None:
    schedule = weekly(0, "09:00", "UTC")
    back_up = datetime(2026, 11, 23, 8, 0, tzinfo=UTC) + timedelta(weeks=3)
    assert len(due([schedule], back_up)) == 1
    assert latest_occurrence(schedule, back_up) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_nothing_is_owed_for_occurrences_before_the_subscription_or_while_paused() -> None:
    schedule = weekly(0, "09:00", "UTC")
    fresh = Schedule("digest", DEST, (0,), time(9), "UTC", datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert due([fresh], datetime(2026, 11, 23, 11, tzinfo=UTC)) == []
    paused = Schedule("digest", DEST, (0,), time(9), "UTC", CREATED, paused_reason="channel archived")
    assert due([paused], datetime(2026, 11, 23, 11, tzinfo=UTC)) == []
    assert due([schedule], datetime(2026, 11, 23, 11, tzinfo=UTC))
