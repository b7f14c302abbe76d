import json

import pytest

from bot.content import AREAS, Content
from bot.messages import Paragraph, Reply, plain_text
from bot.plans import AssessmentState, Checkin, Step, StepResult, advance, build_plan, current_prompt, start


def run(content: Content, *answers: str, zone: str | None = None) -> StepResult:
    state, _ = start(zone)
    result = StepResult(state, Reply())
    for answer in answers:
        assert result.state is not None
        result = advance(result.state, answer, content)
    return result


def state_after(content: Content, *answers: str) -> AssessmentState:
    state = run(content, *answers).state
    assert state is not None
    return state


def commands(reply: Reply) -> list[str]:
    return [b.command for b in reply.buttons]


def test_happy_path_collects_every_answer(content: Content) -> None:
    state, first = start("Europe/Berlin")
    assert state.step is Step.LEVEL
    assert commands(first)[:4] == ["junior", "mid", "senior", "staff"]
    result = run(
        content,
        "mid",
        "senior",
        "databases, distributed systems",
        "go",
        "gin",
        "sql, git, docker",
        "skip",
        "6",
        "mon 09:00",
        zone="Europe/Berlin",
    )
    assert result.finished and result.answers is not None
    answers = result.answers
    assert (answers.level, answers.target, answers.hours_per_week) == ("mid", "senior", 6)
    assert answers.focus == ("databases", "distributed-systems")
    assert set(answers.known) == {"sql", "git-basics", "docker"}
    assert answers.checkin == Checkin("mon", "09:00", "Europe/Berlin")
    plan = build_plan(
        content,
        level=answers.level,
        target=answers.target,
        focus=answers.focus,
        known=answers.known,
        hours_per_week=answers.hours_per_week,
    )
    assert plan.weeks
    assert "From mid to senior" in plain_text(result.reply)


def test_every_prompt_offers_buttons_whose_commands_answer_it(content: Content) -> None:
    result = run(content)
    assert result.state is not None
    for answer in ("senior", "staff", "all", "python", "django", "none", "skip", "8"):
        reply = current_prompt(result.state, content)
        assert answer in commands(reply), (result.state.step, commands(reply))
        assert "cancel" in commands(reply)
        result = advance(result.state, answer, content)
    assert result.state is not None and result.state.step is Step.CHECKIN
    checkin = [c for c in commands(current_prompt(result.state, content)) if c not in ("back", "cancel")]
    assert "skip" in checkin
    assert advance(result.state, checkin[0], content).finished


def test_area_buttons_cover_all_fourteen_areas(content: Content) -> None:
    result = run(content, "junior", "mid")
    assert result.state is not None and result.state.step is Step.FOCUS
    assert set(AREAS) <= set(commands(result.reply))


def test_skip_means_no_check_in_and_all_means_every_area(content: Content) -> None:
    result = run(content, "junior", "senior", "all", "python django", "none", "skip", "3", "skip")
    assert result.answers is not None
    assert result.answers.focus == ()
    assert result.answers.known == ()
    assert result.answers.checkin is None


def test_back_goes_one_step_back_and_keeps_answers_until_changed(content: Content) -> None:
    result = run(content, "junior", "mid", "apis", "python django")
    assert result.state is not None and result.state.step is Step.KNOWN
    back = advance(result.state, "back", content)
    assert back.state is not None and back.state.step is Step.FRAMEWORK
    back = advance(back.state, "back", content)
    assert back.state is not None and back.state.step is Step.LANGUAGE
    back = advance(back.state, "back", content)
    assert back.state is not None and back.state.step is Step.FOCUS
    again = advance(back.state, "back", content)
    assert again.state is not None and again.state.step is Step.TARGET
    changed = advance(again.state, "staff", content)
    assert changed.state is not None and changed.state.target == "staff"
    first = run(content)
    assert first.state is not None
    stay = advance(first.state, "BACK", content)
    assert stay.state == first.state
    assert "first question" in plain_text(stay.reply)


def test_changing_the_level_drops_a_target_that_is_no_longer_above_it(content: Content) -> None:
    state = state_after(content, "junior", "mid", "back", "back", "senior")
    assert (state.step, state.level, state.target) == (Step.TARGET, "senior", None)
    assert AssessmentState.from_dict(state.to_dict()) == state


def test_cancel_abandons_at_any_step(content: Content) -> None:
    for steps in ((), ("mid",), ("mid", "senior", "apis", "sql")):
        result = advance(state_after(content, *steps), "cancel", content)
        assert result.state is None
        assert not result.finished
        assert "plan" in plain_text(result.reply)


def test_the_assessment_resumes_from_a_plain_dict(content: Content) -> None:
    half = run(
        content, "senior", "staff", "architecture security", "another", "postgres replica", zone="America/New_York"
    )
    assert half.state is not None and half.state.step is Step.CONFIRM
    stored = json.dumps(half.state.to_dict())
    resumed = AssessmentState.from_dict(json.loads(stored))
    assert resumed == half.state
    assert plain_text(current_prompt(resumed, content)) == plain_text(current_prompt(half.state, content))
    result = advance(resumed, "postgresql", content)
    assert result.state is not None and result.state.step is Step.QUICK_CHECK
    result = advance(result.state, "skip", content)
    assert result.state is not None and result.state.step is Step.HOURS
    result = advance(result.state, "10", content)
    assert result.state is not None
    result = advance(AssessmentState.from_dict(json.loads(json.dumps(result.state.to_dict()))), "fri 5pm", content)
    assert result.finished and result.answers is not None
    assert result.answers.known == ("postgresql",)
    assert result.answers.checkin == Checkin("fri", "17:00", "America/New_York")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": 2},
        {**AssessmentState().to_dict(), "step": "nowhere"},
        {**AssessmentState().to_dict(), "level": "principal"},
        {**AssessmentState().to_dict(), "step": "confirm"},
        {**AssessmentState().to_dict(), "hours_per_week": 10_000},
        {**AssessmentState().to_dict(), "step": "done"},
    ],
)
def test_a_corrupt_stored_state_raises_value_error(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        AssessmentState.from_dict(data)


def test_did_you_mean_offers_buttons_for_a_fuzzy_known_topic(content: Content) -> None:
    result = run(content, "junior", "mid", "all", "not sure yet", "sql, jwt tokens")
    assert result.state is not None and result.state.step is Step.CONFIRM
    text = plain_text(result.reply)
    assert "jwt tokens" in text and "Did you mean" in text
    assert "jwt" in commands(result.reply)
    assert "none of these" in commands(result.reply)
    assert result.state.known == ("sql",)
    confirmed = advance(result.state, "jwt", content)
    assert confirmed.state is not None and confirmed.state.step is Step.QUICK_CHECK
    assert confirmed.state.known == ("sql", "jwt")
    assert "Noted" in plain_text(confirmed.reply)


def test_known_topics_typed_without_commas_and_unplaceable_ones(content: Content) -> None:
    result = run(content, "junior", "mid", "all", "not sure yet", "sql git docker, qwzx vbnm")
    assert result.state is not None and result.state.step is Step.QUICK_CHECK
    assert result.state.known == ("sql", "git-basics", "docker")
    text = plain_text(result.reply)
    assert "couldn't place 'qwzx vbnm'" in text
    assert "Noted, you know: SQL, Git basics, Docker" in text


def test_none_of_these_drops_the_unsure_item(content: Content) -> None:
    result = run(content, "junior", "mid", "all", "not sure yet", "jwt tokens, redsi", "none of these")
    assert result.state is not None and result.state.step is Step.CONFIRM
    result = advance(result.state, "none", content)
    assert result.state is not None and result.state.step is Step.QUICK_CHECK
    assert result.state.known == ()


@pytest.mark.parametrize(
    ("steps", "answer", "fragment"),
    [
        ((), "", "didn't catch"),
        ((), "x" * 10_000, "10,000 characters"),
        ((), "wizard", "one level"),
        ((), "principal", "isn't one of the choices"),
        (("senior",), "junior", "isn't one of the choices"),
        (("senior",), "senior", "isn't one of the choices"),
        (("mid", "senior"), "cooking, databases", "'cooking'"),
        (("mid", "senior"), ",,,", "Name one or more areas"),
        (("mid", "senior", "all", "python django"), "qwzx vbnm", "couldn't match"),
        (("mid", "senior", "all", "python django"), ", ".join(f"item{i}" for i in range(40)), "at most 30"),
        (("mid", "senior", "all", "python django", "none", "skip"), "0", "at least 1"),
        (("mid", "senior", "all", "python django", "none", "skip"), "10000", "40 hours a week at most"),
        (("mid", "senior", "all", "python django", "none", "skip"), "-3", "at least 1"),
        (("mid", "senior", "all", "python django", "none", "skip"), "2.5", "whole hours"),
        (("mid", "senior", "all", "python django", "none", "skip"), "lots", "whole number"),
        (("mid", "senior", "all", "python django", "none", "skip", "5"), "mon 09:00 UTC+2", "offset, not a time zone"),
        (
            ("mid", "senior", "all", "python django", "none", "skip", "5"),
            "mon 09:00 Mars/Olympus",
            "don't know the time zone",
        ),
        (("mid", "senior", "all", "python django", "none", "skip", "5"), "mon 09:00", "IANA time zone"),
        (("mid", "senior", "all", "python django", "none", "skip", "5"), "mon 25:00 UTC", "not a valid time"),
        (("mid", "senior", "all", "python django", "none", "skip", "5"), "09:00 UTC", "day of the week"),
        (("mid", "senior", "all", "python django", "none", "skip", "5"), "mon tue 09:00 UTC", "one day"),
    ],
)
def test_hostile_answers_reprompt_and_keep_the_state(
    content: Content, steps: tuple[str, ...], answer: str, fragment: str
) -> None:
    before = run(content, *steps)
    assert before.state is not None
    result = advance(before.state, answer, content)
    assert result.state == before.state
    assert not result.finished
    text = plain_text(result.reply)
    assert fragment in text
    assert len(text) < 2000, "the re-prompt must not echo a long answer back"
    assert isinstance(result.reply.blocks[0], Paragraph)
    assert result.reply.buttons, "the re-prompt still offers the choices"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("mon 09:00 europe/berlin", Checkin("mon", "09:00", "Europe/Berlin")),
        ("Wednesday at 9am Asia/Kolkata", Checkin("wed", "09:00", "Asia/Kolkata")),
        ("fri 12 pm UTC", Checkin("fri", "12:00", "UTC")),
        ("sun 7:30 Etc/GMT-2", Checkin("sun", "07:30", "Etc/GMT-2")),
    ],
)
def test_check_in_answers_are_flexible(content: Content, answer: str, expected: Checkin) -> None:
    result = run(content, "mid", "senior", "all", "python django", "none", "skip", "5", answer)
    assert result.answers is not None and result.answers.checkin == expected


def test_the_platform_zone_is_prefilled_only_when_it_is_a_real_zone(content: Content) -> None:
    state, _ = start("Europe/Berlin")
    assert state.default_timezone == "Europe/Berlin"
    assert start("UTC+2")[0].default_timezone is None
    assert start(None)[0].default_timezone is None
    prompt = run(content, "mid", "senior", "all", "python django", "none", "skip", "5", zone="Europe/Berlin").reply
    assert "mon 09:00 Europe/Berlin" in commands(prompt)


@pytest.mark.parametrize(
    ("answer", "hours"), [("5", 5), ("5h", 5), ("12 hours a week", 12), ("40 h/week", 40), ("1", 1)]
)
def test_hours_accept_common_forms(content: Content, answer: str, hours: int) -> None:
    result = advance(state_after(content, "mid", "senior", "all", "python django", "none", "skip"), answer, content)
    assert result.state is not None and result.state.hours_per_week == hours


@pytest.mark.parametrize(
    ("answer", "focus"),
    [
        ("Distributed Systems, version control", ("distributed-systems", "version-control")),
        ("db api", ("databases", "apis")),
        ("security and caching", ("security", "caching")),
        ("observability devops devops", ("devops", "observability")),
    ],
)
def test_focus_areas_parse_names_and_short_forms(content: Content, answer: str, focus: tuple[str, ...]) -> None:
    result = advance(state_after(content, "mid", "senior"), answer, content)
    assert result.state is not None and result.state.focus == focus


def test_a_finished_state_keeps_answering_finished(content: Content) -> None:
    done = run(content, "mid", "senior", "all", "python django", "none", "skip", "5", "skip")
    assert done.state is not None and done.state.step is Step.DONE
    again = advance(done.state, "anything", content)
    assert again.finished and again.answers == done.answers
