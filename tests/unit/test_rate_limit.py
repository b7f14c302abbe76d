"""The limiter calms a flood: one friendly warning a window, then silence; the ways out are never refused."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.mentor import Mentor
from bot.messages import Incoming, plain_text
from bot.ratelimit import RateLimiter, wait_words
from tests.fakes import FixedClock


def msg(user: str, text: str = "what is caching", platform: str = "slack") -> Incoming:
    return Incoming(platform, "T1", "C1", user, text)


def test_a_flood_gets_one_warning_then_silence_until_the_window_reopens(mentor: Mentor, clock: FixedClock) -> None:
    replies = [mentor.handle(msg("U1")) for _ in range(400)]
    assert all("Caching" in plain_text(r[0]) for r in replies[:20])
    [warning] = replies[20]
    assert "faster than I can mentor" in plain_text(warning)
    assert "try again in a minute" in plain_text(warning)
    assert all(r == [] for r in replies[21:])  # 379 messages, not one more reply
    assert "Caching" in plain_text(mentor.handle(msg("U2"))[0])  # someone else is served at once
    clock.advance(seconds=61)
    assert "Caching" in plain_text(mentor.handle(msg("U1"))[0])  # and the flooder again once it reopens


def test_the_warning_says_when_in_whole_seconds_and_warns_again_in_a_new_window(
    mentor: Mentor, clock: FixedClock
) -> None:
    for _ in range(20):
        mentor.handle(msg("U1"))
        clock.advance(seconds=1)
    clock.advance(seconds=20)  # the first message was 40 s ago: it leaves the window in 20 s
    [warning] = mentor.handle(msg("U1"))
    assert "try again in 20 seconds" in plain_text(warning)
    assert mentor.handle(msg("U1")) == []
    clock.advance(seconds=20)
    assert "Caching" in plain_text(mentor.handle(msg("U1"))[0])  # the oldest left: one more fits
    [again] = mentor.handle(msg("U1"))  # a new window's first refusal is warned again
    assert "faster than I can mentor" in plain_text(again)


@pytest.mark.parametrize("text", ["help", "cancel", "back", "forget me", "forget me cancel", "quiz stop", " Help "])
def test_help_the_ways_out_and_forget_me_are_never_limited(mentor: Mentor, text: str) -> None:
    for _ in range(40):
        mentor.handle(msg("U1"))
    [reply] = mentor.handle(msg("U1", text))
    assert "faster than I can mentor" not in plain_text(reply)


def test_the_local_console_is_never_limited(mentor: Mentor) -> None:
    replies = [mentor.handle(msg("me", platform="console")) for _ in range(60)]
    assert all("Caching" in plain_text(r[0]) for r in replies)


def test_refused_messages_are_not_logged_as_questions(mentor: Mentor, memory_store) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        mentor.handle(msg("U1"))
    assert len(memory_store.questions.entries) == 20


def test_a_wait_is_said_as_people_say_it() -> None:
    assert [wait_words(s) for s in (1, 2, 40, 59, 60, 61, 125)] == [
        "in 1 second",
        "in 2 seconds",
        "in 40 seconds",
        "in 59 seconds",
        "in a minute",
        "in 2 minutes",
        "in 3 minutes",
    ]


def test_the_limiter_rounds_the_wait_up_never_to_zero() -> None:
    limiter, now = RateLimiter(1), datetime(2026, 1, 1, tzinfo=UTC)
    assert limiter.check("a", now).allowed
    verdict = limiter.check("a", now + timedelta(seconds=59, milliseconds=900))
    assert (verdict.allowed, verdict.warn, verdict.retry_after) == (False, True, 1)


def test_many_threads_at_once_never_break_the_limiter() -> None:
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    limiter, now = RateLimiter(5), datetime(2026, 1, 1, tzinfo=UTC)
    with ThreadPoolExecutor(8) as pool:  # past FORGET_AFTER people, so idle ones are dropped while others check
        verdicts = list(pool.map(lambda i: limiter.check(f"u{i}", now + timedelta(seconds=i // 50)), range(5000)))
    assert all(v.allowed for v in verdicts)
