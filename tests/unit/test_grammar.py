import pytest

from bot.grammar import Ask, Help, Malformed, PlanCommand, PlanPreset, Question, Topics, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", Help()),
        ("  HELP  ", Help()),
        ("ask what is caching", Ask("what is caching")),
        ("topics", Topics()),
        ("topics databases", Topics("databases")),
        ("topics Distributed Systems", Topics("distributed-systems")),
        ("topics db 2", Topics("databases", 2)),
    ],
)
def test_commands_parse(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["skip list vs b-tree", "help me understand sharding", "what is a topic", "topics to learn for a senior role"],
)
def test_text_that_is_not_a_command_is_a_question(text: str) -> None:
    assert isinstance(parse(text), Question)


@pytest.mark.parametrize(("text", "fragment"), [("ask", "ask what is"), ("topics nonsense", "topics <area>")])
def test_malformed_commands_get_a_hint_with_the_right_form(text: str, fragment: str) -> None:
    result = parse(text)
    assert isinstance(result, Malformed)
    assert fragment in result.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan", PlanCommand("show")),
        ("plan all", PlanCommand("all")),
        ("plan all 3", PlanCommand("all", 3)),
        ("Plan Focus Only", PlanCommand("focus only")),
        ("plan hours 8", PlanCommand("hours", 8)),
        ("plan resume", PlanCommand("resume")),
        ("plan start over", PlanCommand("restart")),
        ("progress", PlanCommand("progress")),
    ],
)
def test_plan_commands(text: str, expected: PlanCommand) -> None:
    assert parse(text) == expected


def test_plan_hours_needs_a_number_and_other_plan_text_is_a_question() -> None:
    assert isinstance(parse("plan hours lots"), Malformed)
    assert isinstance(parse("plan for learning kafka"), Question)
    assert isinstance(parse("progress of raft elections"), Question)


def test_the_plan_form_is_one_command() -> None:
    assert parse("plan answers level mid target senior hours 6 focus databases,caching") == PlanPreset(
        "mid", "senior", 6, ("databases", "caching")
    )
    assert parse("plan answers level junior target mid hours 2 focus all") == PlanPreset("junior", "mid", 2)
    for bad in (
        "plan answers level mid target senior hours six focus all",
        "plan answers level mid hours 6 focus all",
        "plan answers level mid target senior hours 6 focus cooking",
    ):
        assert isinstance(parse(bad), Malformed), bad
