import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import AREAS, LEVELS, Content
from bot.plans import Plan, PlanInputError, build_plan, plan_export
from bot.plans.stack import cards_for, stack_cards


def plan_of(content: Content, **overrides: object) -> Plan:
    args: dict[str, object] = {"level": "junior", "target": "senior", "focus": (), "known": (), "hours_per_week": 5}
    args.update(overrides)
    return build_plan(content, **args)


def assert_well_formed(content: Content, plan: Plan, known: set[str]) -> None:
    """Budgets, parts and order: what every plan must satisfy, whatever it was built from."""
    ids = plan.topic_ids
    below = set(LEVELS[: LEVELS.index(plan.level)])
    assumed = {t.id for t in content.topics.values() if t.level in below}  # learned before the current level
    other_stacks = stack_cards(content) - cards_for(content, plan.stack)
    outside = {t.id for t in content.topics.values() if plan.focus_only and t.area not in plan.focus}
    for number, week in enumerate(plan.weeks, start=1):
        assert week.number == number
        assert week.parts, f"week {number} is empty"
        assert week.hours == sum(p.hours for p in week.parts)
        assert 0 < week.hours <= plan.hours_per_week, f"week {number} holds {week.hours} h"
        assert len(set(week.topic_ids)) == len(week.topic_ids)
    for topic_id in ids:
        assert topic_id not in known
        parts = [(w.number, p) for w in plan.weeks for p in w.parts if p.topic_id == topic_id]
        numbers = [n for n, _ in parts]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), f"{topic_id} is not in consecutive weeks"
        assert [p.index for _, p in parts] == list(range(1, len(parts) + 1))
        assert {p.count for _, p in parts} == {len(parts)}
        assert sum(p.hours for _, p in parts) == content.topics[topic_id].hours == parts[0][1].total_hours
        first = plan.span(topic_id)
        assert first is not None
        for prerequisite in content.topics[topic_id].prerequisites:
            if prerequisite in ids:
                span = plan.span(prerequisite)
                assert span is not None and span[1] < first[0], f"{topic_id} starts before {prerequisite} ends"
            else:
                assert prerequisite in known | assumed | other_stacks | outside, f"{prerequisite} is missing"


def gap_of(content: Content, plan: Plan) -> set[str]:
    """The track topics between the levels, in the focus areas, for the plan's stack."""
    current = LEVELS.index(plan.level)
    ids: set[str] = set()
    for track in content.tracks:
        index = LEVELS.index(track.level)
        if index == current:
            ids |= set(track.next_step)
        if current < index <= LEVELS.index(plan.target):
            ids |= set(track.topics)
    excluded = stack_cards(content) - cards_for(content, plan.stack)
    return {t for t in ids - excluded if not plan.focus or content.topics[t].area in plan.focus}


def test_every_topic_comes_after_its_prerequisites(content: Content) -> None:
    for level in LEVELS[:-1]:
        for target in LEVELS[LEVELS.index(level) :]:
            assert_well_formed(content, plan_of(content, level=level, target=target), set())


def test_a_senior_is_not_sent_back_to_material_below_their_level(content: Content) -> None:
    plan = plan_of(content, level="senior", target="staff", hours_per_week=10)
    gap = set(content.track("senior").next_step) | set(content.track("staff").topics)  # type: ignore[union-attr]
    for topic_id in set(plan.topic_ids) - gap:
        assert content.topics[topic_id].level not in {"junior", "mid"}, topic_id


def test_the_gap_comes_from_the_tracks(content: Content) -> None:
    plan = plan_of(content, level="mid", target="senior")
    mid, senior = content.track("mid"), content.track("senior")
    assert mid is not None and senior is not None
    gap = set(mid.next_step) | set(senior.topics)
    assert gap - {"rust"} <= set(plan.topic_ids), "every track topic but another stack's language card"
    assert gap_of(content, plan) == gap - {"rust"}
    prerequisites = {p for t in plan.topic_ids for p in content.topics[t].prerequisites}
    assert set(plan.topic_ids) <= gap | prerequisites, "a topic is neither in the gap nor needed by one"


def test_known_topics_never_appear_and_are_reported(content: Content) -> None:
    plan = plan_of(content, known=["sql", "http", "git-basics"])
    assert not {"sql", "http", "git-basics"} & set(plan.topic_ids)
    assert {"sql", "http"} <= set(plan.skipped_known)
    assert_well_formed(content, plan, {"sql", "http", "git-basics"})


def test_prerequisites_of_known_topics_are_not_pulled_in_for_them(content: Content) -> None:
    full = plan_of(content, level="mid", target="senior", focus=["devops"])
    assert "kubernetes" in full.topic_ids and "containers" in full.topic_ids
    known = plan_of(content, level="mid", target="senior", focus=["devops"], known=["kubernetes"])
    assert "kubernetes" not in known.topic_ids
    needed_elsewhere = {p for t in known.topic_ids for p in content.topics[t].prerequisites}
    if "containers" not in needed_elsewhere:
        assert "containers" not in known.topic_ids


def test_weeks_hold_the_weekly_hours_and_long_topics_span_consecutive_weeks(content: Content) -> None:
    for hours in (1, 3, 8, 17, 40):
        plan = plan_of(content, target="staff", hours_per_week=hours)
        assert_well_formed(content, plan, set())
    plan = plan_of(content, level="mid", target="senior", hours_per_week=5)
    span = plan.span("operating-systems")
    assert span is not None and span[1] - span[0] + 1 == 6, "30 h at 5 h a week is six weeks"
    assert any(len(w.topic_ids) > 1 for w in plan_of(content, hours_per_week=40).weeks), "short topics share"


def test_the_total_is_honest_and_fewer_hours_mean_more_weeks(content: Content) -> None:
    args = {"level": "junior", "target": "senior", "focus": ["databases", "security"], "known": ["sql", "git-basics"]}
    five = plan_of(content, hours_per_week=5, **args)
    one = plan_of(content, hours_per_week=1, **args)
    assert one.hours_total == five.hours_total
    assert len(one.weeks) == one.hours_total, "at 1 h a week every week is full"
    assert 4.5 <= len(one.weeks) / len(five.weeks) <= 5
    assert len(five.weeks) * 5 - five.hours_total < 5 * 3, "hardly any week is left half empty"


def test_the_stack_keeps_only_its_own_language_and_framework_cards(content: Content) -> None:
    languages = {"python", "go", "java", "nodejs", "rust"}
    unsure = plan_of(content, level="mid", target="principal")
    assert "rust" not in unsure.topic_ids, "nobody gets 60 h of Rust unless it is their stack"
    rusty = plan_of(content, level="mid", target="principal", stack=["rust"])
    assert "rust" in rusty.topic_ids
    junior = plan_of(content, level="junior", target="mid", stack=["python", "django"])
    assert {"python", "django"} <= set(junior.topic_ids)
    assert not (
        set(junior.topic_ids) & (languages - {"python"}) | {"spring-boot", "rails", "express"} & set(junior.topic_ids)
    )
    suggested = plan_of(content, level="junior", target="mid")
    assert len(set(suggested.topic_ids) & languages) <= 1
    other = plan_of(content, level="junior", target="mid", stack=["other"])
    assert not set(other.topic_ids) & languages
    assert "web-framework-basics" in other.topic_ids, "concept cards stay for everyone"
    with pytest.raises(PlanInputError, match="unknown language or framework 'cobol'"):
        plan_of(content, stack=["cobol"])


def test_focus_only_drops_prerequisites_outside_the_focus(content: Content) -> None:
    full = plan_of(content, level="mid", target="senior", focus=["caching"])
    trimmed = plan_of(content, level="mid", target="senior", focus=["caching"], focus_only=True)
    assert {content.topics[t].area for t in trimmed.topic_ids} == {"caching"}
    assert len(trimmed.weeks) < len(full.weeks)
    assert trimmed.focus_only
    assert_well_formed(content, trimmed, set())


def test_the_same_inputs_give_the_same_plan(content: Content) -> None:
    first = plan_of(content, focus=["databases", "security"], known=["sql"], hours_per_week=6)
    second = plan_of(content, focus=["security", "databases", "security"], known=["sql", "sql"], hours_per_week=6)
    assert first == second
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())


def test_ties_break_by_level_then_area_then_id(content: Content) -> None:
    plan = plan_of(content, level="junior", target="mid")
    ready = [t for t in plan.topic_ids if not content.topics[t].prerequisites]
    ranks = [(LEVELS.index(content.topics[t].level), AREAS.index(content.topics[t].area), t) for t in ready]
    assert ranks == sorted(ranks)


def test_focus_limits_the_gap_but_not_the_prerequisites(content: Content) -> None:
    plan = plan_of(content, level="mid", target="senior", focus=["caching"])
    gap = {t for t in plan.topic_ids if content.topics[t].area == "caching"}
    assert gap
    for topic_id in set(plan.topic_ids) - gap:
        assert any(topic_id in content.topics[t].prerequisites for t in plan.topic_ids), topic_id
    assert plan.focus == ("caching",)
    assert len(plan.topic_ids) < len(plan_of(content, level="mid", target="senior").topic_ids)


def test_empty_focus_means_every_area(content: Content) -> None:
    assert plan_of(content, focus=[]).topic_ids == plan_of(content, focus=list(AREAS)).topic_ids


def test_the_plan_round_trips_through_a_plain_dict(content: Content) -> None:
    plan = plan_of(content, known=["sql"], focus=["apis"])
    data = json.loads(json.dumps(plan.to_dict()))
    assert Plan.from_dict(data) == plan


@pytest.mark.parametrize("data", [{}, {"version": 99}, {"version": 1, "weeks": "x"}, []])
def test_malformed_stored_plans_raise_value_error(data: object) -> None:
    with pytest.raises(ValueError, match="plan"):
        Plan.from_dict(data)


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"level": "wizard"}, "unknown level 'wizard'"),
        ({"target": "ceo"}, "unknown target level 'ceo'"),
        ({"level": "senior", "target": "junior"}, "must not be below"),
        ({"focus": ["databases", "cooking"]}, "unknown area(s): 'cooking'"),
        ({"hours_per_week": 0}, "between 1 and 40"),
        ({"hours_per_week": 10_000}, "between 1 and 40"),
        ({"hours_per_week": True}, "whole number"),
        ({"known": ["sql", "no-such-topic"]}, "unknown topic id(s): 'no-such-topic'"),
    ],
)
def test_bad_inputs_raise_a_clear_error(content: Content, overrides: dict[str, object], fragment: str) -> None:
    with pytest.raises(PlanInputError) as caught:
        plan_of(content, **overrides)
    assert fragment in str(caught.value)


def test_a_target_equal_to_the_level_gives_the_next_step(content: Content) -> None:
    plan = plan_of(content, level="mid", target="mid")
    mid = content.track("mid")
    assert mid is not None
    assert set(mid.next_step) <= set(plan.topic_ids)


def test_export_lists_topic_details(content: Content) -> None:
    plan = plan_of(content, focus=["databases"], known=["sql"])
    exported = plan_export(content, plan)
    assert exported["skipped_known"] == ["sql"]
    first = exported["weeks"][0]
    assert first["week"] == 1
    assert set(first["topics"][0]) >= {"id", "title", "area", "hours", "total_hours", "part"}
    assert exported["weeks_total"] == len(exported["weeks"]) == len(plan.weeks)
    assert exported["hours_total"] == sum(w["hours"] for w in exported["weeks"])
    assert exported["hours_per_week"] == 5 and exported["horizon"] == 12
    for week in exported["weeks"]:
        assert week["hours"] == sum(t["hours"] for t in week["topics"]) <= 5
    split = next(t for w in exported["weeks"] for t in w["topics"] if t["total_hours"] > 5)
    assert split["part"] == "1/" + str(-(-split["total_hours"] // 5)) or split["part"].startswith("1/")


STACK_IDS = ("python", "django", "go", "gin", "java", "spring-boot", "rust", "ruby", "rails", "other")


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_valid_input_gives_a_well_formed_plan(content: Content, data: st.DataObject) -> None:
    level = data.draw(st.sampled_from(LEVELS[:-1]), label="level")
    target = data.draw(st.sampled_from(LEVELS[LEVELS.index(level) :]), label="target")
    focus = data.draw(st.lists(st.sampled_from(AREAS), max_size=4), label="focus")
    known = data.draw(st.sets(st.sampled_from(sorted(content.topics)), max_size=40), label="known")
    hours = data.draw(st.integers(1, 40), label="hours")
    stack = data.draw(st.none() | st.lists(st.sampled_from(STACK_IDS), max_size=2), label="stack")
    focus_only = data.draw(st.booleans(), label="focus_only")
    args = {
        "level": level,
        "target": target,
        "focus": focus,
        "known": sorted(known),
        "hours_per_week": hours,
        "stack": stack,
        "focus_only": focus_only,
    }
    plan = build_plan(content, **args)
    assert_well_formed(content, plan, known)
    assert gap_of(content, plan) - known <= set(plan.topic_ids), "a track topic is missing"
    assert build_plan(content, **args) == plan
    assert Plan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan
