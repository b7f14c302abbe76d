"""Command words must not capture questions: "team" and "partners" inside real questions stay questions."""

from __future__ import annotations

import pytest

from bot.grammar import Malformed, Question, parse
from bot.team.grammar import Partners, PartnersMet, PartnersSchedule, TeamMap, TeamShare, TeamSummary, TeamSwitch


@pytest.mark.parametrize(
    "text",
    [
        "team topologies: stream-aligned vs platform teams?",
        "team lead vs staff engineer, which path?",
        "team map of microservice ownership",
        "team share of on-call load: how to balance it?",
        "team summary meeting agenda ideas",
        "team on call rotation best practices?",
    ],
)
def test_team_inside_a_question_is_a_question(text: str) -> None:
    assert isinstance(parse(text), Question)


@pytest.mark.parametrize(
    "text",
    [
        "partners in a pairing session: who drives?",
        "partners join the same standup, is that useful?",
        "partners schedule conflicts across time zones: how do you plan?",
        "partners snooze alarms during incidents?",
    ],
)
def test_partners_inside_a_question_is_a_question(text: str) -> None:
    assert isinstance(parse(text), Question)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("team map", TeamMap()),
        ("Team Share ON", TeamShare(True)),
        ("team off", TeamSwitch(False)),
        ("team summary off", TeamSummary(False)),
        ("partners join", Partners("join")),
        ("partners join distributed systems", Partners("join", "distributed-systems")),
        ("partners snooze 2w", Partners("snooze", weeks=2)),
        ("partners leave", Partners("leave")),
        ("partners schedule off", PartnersSchedule(False)),
        ("partners met 12 no", PartnersMet(12, False)),
    ],
)
def test_the_exact_forms_are_commands(text: str, command: object) -> None:
    assert parse(text) == command


def test_a_summary_to_a_channel_or_me_with_its_time() -> None:
    parsed = parse("team summary on <#C0TEAM> fri 16:00 Europe/Berlin")
    assert isinstance(parsed, TeamSummary) and parsed.args.channel == "C0TEAM" and not parsed.to_me
    mine = parse("team summary on me mon 08:30")
    assert isinstance(mine, TeamSummary) and mine.to_me and mine.args.at is not None


@pytest.mark.parametrize(
    "text", ["team share", "partners snooze forever", "team summary on #c1 UTC+2", "partners schedule 25:00"]
)
def test_a_command_gone_wrong_gets_its_form(text: str) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Malformed) and "`" in parsed.hint
