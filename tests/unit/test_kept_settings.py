"""A schedule command keeps what you did not change: days, time and zone left out stay as they were."""

from __future__ import annotations

import pytest

from bot.delivery.schedule import Schedule
from bot.mentor import Mentor
from bot.messages import Destination, Incoming, plain_text
from tests.fakes import InMemoryStore

ASSESSMENT = [
    "mid",
    "senior",
    "databases, security",
    "python django",
    "sql, git",
    "skip",
    "6",
    "fri 16:00 Europe/Berlin",
]


def say(mentor: Mentor, text: str, *, tz: str | None = "Etc/UTC", dm: bool = True) -> str:
    incoming = Incoming("slack", "T1", "D1" if dm else "C1", "U1", text, is_dm=dm, is_admin=True, timezone=tz)
    return "\n".join(plain_text(r) for r in mentor.handle(incoming))


def stored(store: InMemoryStore, kind: str, destination: Destination) -> str:
    schedule: Schedule | None = store.schedules.get(kind, destination)
    assert schedule is not None
    return schedule.describe()


ME = Destination("slack", "T1", user="U1")
CHANNEL = Destination("slack", "T1", "C1")


def test_digest_me_on_a_new_day_keeps_time_and_zone(mentor: Mentor, memory_store: InMemoryStore) -> None:
    say(mentor, "digest me on mon 08:00 Europe/Berlin")
    reply = say(mentor, "digest me on thu")
    assert stored(memory_store, "digest", ME) == "thu at 08:00 Europe/Berlin"
    assert "thu at 08:00 Europe/Berlin" in reply


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("digest me on 17:30", "mon at 17:30 Europe/Berlin"),
        ("digest me on America/New_York", "mon at 08:00 America/New_York"),
        ("digest me on", "mon at 08:00 Europe/Berlin"),
    ],
)
def test_each_left_out_part_is_kept(mentor: Mentor, memory_store: InMemoryStore, change: str, expected: str) -> None:
    say(mentor, "digest me on mon 08:00 Europe/Berlin")
    say(mentor, change)
    assert stored(memory_store, "digest", ME) == expected


def test_a_new_digest_still_starts_from_the_defaults_and_the_asker_zone(
    mentor: Mentor, memory_store: InMemoryStore
) -> None:
    say(mentor, "digest me on thu", tz="Asia/Tokyo")
    assert stored(memory_store, "digest", ME) == "thu at 09:00 Asia/Tokyo"


def test_digest_subscribe_keeps_the_channel_schedule(mentor: Mentor, memory_store: InMemoryStore) -> None:
    say(mentor, "digest subscribe here mon 08:00 Europe/Berlin", dm=False)
    say(mentor, "digest subscribe here thu", dm=False, tz="America/New_York")
    assert stored(memory_store, "digest", CHANNEL) == "thu at 08:00 Europe/Berlin"


def test_checkin_on_keeps_the_zone_the_plan_chose(mentor: Mentor, memory_store: InMemoryStore) -> None:
    say(mentor, "plan", tz="Europe/Berlin")
    for answer in ASSESSMENT:
        say(mentor, answer, tz="Europe/Berlin")
    assert stored(memory_store, "checkin", ME) == "fri at 16:00 Europe/Berlin"
    reply = say(mentor, "checkin on fri 09:00")  # from a console whose zone is Etc/UTC
    assert stored(memory_store, "checkin", ME) == "fri at 09:00 Europe/Berlin"
    assert "Europe/Berlin" in reply
    say(mentor, "checkin on tue")
    assert stored(memory_store, "checkin", ME) == "tue at 09:00 Europe/Berlin"
