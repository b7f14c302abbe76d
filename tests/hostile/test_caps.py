"""Caps and linear parsing: a megabyte, or text crafted to make a pattern backtrack, is answered at once everywhere."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters import cli
from adapters.console import ConsoleChat
from adapters.discord.incoming import strip_mention as discord_strip
from adapters.slack import inbound
from adapters.slack.inbound import Profile
from bot.answers.engine import MentorAnswerer
from bot.answers.intent import detect
from bot.answers.text import fold
from bot.content import Content
from bot.digests.arguments import parse_schedule_args
from bot.grammar import parse
from bot.mentor import Mentor
from bot.messages import MAX_MESSAGE_CHARS, plain_text
from bot.plans.parsing import parse_areas, parse_checkin, parse_hours, parse_level, split_items
from bot.quiz.grammar import parse_quiz
from tests.fakes import FixedClock, InMemoryStore
from tests.slack.fake_slack import payload

BUDGET = 0.050  # seconds, in process
MEGABYTE = 1_000_000
PHRASES = "what is the difference between database indexing and caching with redis vs memcached? "
# Each one made some pattern re-read the rest of the text from every starting point (n² or worse) before:
PATHOLOGICAL = (
    "a ", " ", " \t", "difference between x ", "compare x ", "should i use x ", "when use x ", "to learn x ",
    "x vs", "learn x before ", "x before y or ", "learn x or y ", "prerequisites for ", "where do i start with ",
    "<@U0BOT|", "<#C1|", "<@", "done a-", "mon ", ", ;", "and ", "& ", "9 ", "5 h ", "1,", "plan ", "quiz me on ",
    "review on ", "digest subscribe ", "forget me ", "export my ", "\u200b", "é", "ǅ",
)  # fmt: skip
WRONG = "Sorry, something went wrong"


def filled(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


def fastest(call: Callable[..., Any], *args: Any, tries: int = 3) -> tuple[float, Any]:
    """The best time of a few runs of ``call(*args)``, and its result: slow code is slow every time, a busy machine
    only sometimes."""
    best, result = float("inf"), None
    for _ in range(tries):
        started = time.perf_counter()
        result = call(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def huge_texts() -> Iterator[str]:
    yield filled(PHRASES, MEGABYTE)
    for piece in PATHOLOGICAL:
        yield filled(piece, MEGABYTE)


# Every parser of what a person writes, given text just under the cap.
PARSERS: dict[str, Callable[[str], object]] = {
    "grammar": parse,
    "intent": lambda text: detect(fold(text)),
    "schedule": lambda text: _quietly(parse_schedule_args, text.split(" "), allow_channel=True),
    "quiz": lambda text: parse_quiz("quiz", text),
    "review": lambda text: parse_quiz("review", text),
    "level": lambda text: _quietly(parse_level, text, ("junior", "mid")),
    "areas": lambda text: _quietly(parse_areas, text),
    "items": lambda text: _quietly(split_items, text),
    "hours": lambda text: _quietly(parse_hours, text),
    "checkin": lambda text: _quietly(parse_checkin, text, "UTC"),
    "slack mention": lambda text: inbound.strip_mention(text, "U0BOT"),
    "discord mention": lambda text: discord_strip(text, 42),
}


def _quietly(parse_: Callable[..., object], *args: Any, **kwargs: Any) -> object:
    try:
        return parse_(*args, **kwargs)
    except ValueError as error:  # a friendly "that's not a time" is a fine answer
        return error


@pytest.mark.parametrize("name", PARSERS)
@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_every_parser_reads_crafted_text_at_the_cap_in_one_pass(name: str, piece: str) -> None:
    for text in (filled(piece, MAX_MESSAGE_CHARS), "1" + filled(piece, MAX_MESSAGE_CHARS - 2) + "x"):
        assert fastest(PARSERS[name], text)[0] < BUDGET, f"{name} on {piece!r} * n"


def test_a_pathological_question_at_the_cap_is_answered_in_one_pass(answerer: MentorAnswerer) -> None:
    for piece in ("difference between x ", "compare x ", "x vs", "should i use x ", "when use x ", "a "):
        assert fastest(answerer.answer, filled(piece, MAX_MESSAGE_CHARS))[0] < 4 * BUDGET, piece


def test_a_megabyte_at_the_console_is_refused_at_once(mentor: Mentor, tmp_path: Path) -> None:
    chat = ConsoleChat(mentor, user="ada", files_dir=tmp_path)
    for text in huge_texts():
        seconds, replies = fastest(chat.send, text)
        assert seconds < BUDGET, text[:30]
        assert "over 4,000 characters" in plain_text(replies[0])


def test_a_megabyte_through_mentor_ask_is_refused_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    for text in huge_texts():
        assert fastest(cli.main, ["ask", text])[0] < BUDGET, text[:30]
        assert "over 4,000 characters" in capsys.readouterr().out


def test_mentor_ask_on_a_megabyte_line_finishes_within_two_seconds_as_a_whole_process(tmp_path: Path) -> None:
    line = (filled(PHRASES, MEGABYTE) + "\n").encode()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "ask"], input=line, capture_output=True, timeout=30, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert b"over 4,000 characters" in done.stdout
    # CPU seconds are what the process costs; the wall clock also counts waiting for a busy machine's cores.
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"
    assert wall < 10.0, f"{wall:.2f} s"


def test_a_megabyte_from_slack_is_refused_at_once(
    content: Content, memory_store: InMemoryStore, clock: FixedClock, answerer: MentorAnswerer
) -> None:
    mentor = Mentor(content, memory_store, clock, answerer, rate_limit_per_minute=0)
    profile = Profile()
    for text in huge_texts():
        dm, mention = payload("slack_event_message_im.json"), payload("slack_event_app_mention.json")
        dm["event"]["text"] = mention["event"]["text"] = f"<@U0BOT> {text}"
        command = {"user_id": "W1", "channel_id": "C1", "team_id": "T1", "text": text}
        click = payload("slack_block_actions.json")
        requests: list[tuple[Callable[..., inbound.Request], tuple[Any, ...]]] = [
            (inbound.from_dm, (dm, "U0BOT", profile)),
            (inbound.from_mention, (mention, "U0BOT", profile)),
            (inbound.from_command, (command, profile)),
            (inbound.from_click, (click, {"value": text}, profile)),
        ]
        for translate, args in requests:
            seconds, replies = fastest(lambda t, a: mentor.handle(t(*a).incoming), translate, args)
            assert seconds < BUDGET, text[:30]
            assert "over 4,000 characters" in plain_text(replies[0])
