import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import AREAS, LEVELS, Content
from bot.plans import Plan, PlanInputError, build_plan, plan_export


def plan_of(content: Content, **overrides: object) -> Plan:
    args: dict[str, object] = {"level": "junior", "target": "senior", "focus": (), "known": (), "hours_per_week": 5}
    args.update(overrides)
    return build_plan(content, **args)


def assert_well_formed(content: Content, plan: Plan, known: set[str]) -> None:
    ids = plan.topic_ids
    assert len(ids) == len(set(ids)), "a topic appears twice"
    position = {topic_id: i for i, topic_id in enumerate(ids)}
    below = set(LEVELS[: LEVELS.index(plan.level)])
    assumed = {t.id for t in content.topics.values() if t.level in below}  # learned before the current level
    for topic_id in ids:
        assert topic_id not in known
        for prerequisite in content.topics[topic_id].prerequisites:
            if prerequisite not in known and prerequisite not in assumed:
                assert prerequisite in position, f"{prerequisite} (needed by {topic_id}) is missing"
                assert position[prerequisite] < position[topic_id], f"{prerequisite} comes after {topic_id}"
    for number, week in enumerate(plan.weeks, start=1):
        assert week.number == number
        assert week.topic_ids
        assert week.hours == sum(content.topics[t].hours for t in week.topic_ids)
        if week.hours > plan.hours_per_week:
            assert len(week.topic_ids) == 1, f"week {number} overflows with several topics"


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
    assert gap <= set(plan.topic_ids)
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


def test_no_week_exceeds_the_hours_except_a_lone_oversized_topic(content: Content) -> None:
    for hours in (1, 3, 8, 17, 40):
        plan = plan_of(content, target="staff", hours_per_week=hours)
        assert_well_formed(content, plan, set())
        oversized = [w for w in plan.weeks if w.hours > hours]
        assert all(len(w.topic_ids) == 1 and content.topics[w.topic_ids[0]].hours > hours for w in oversized)
    assert any(len(w.topic_ids) > 1 for w in plan_of(content, hours_per_week=40).weeks)


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
    assert set(first["topics"][0]) == {"id", "title", "area", "hours"}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_valid_input_gives_a_well_formed_plan(content: Content, data: st.DataObject) -> None:
    level = data.draw(st.sampled_from(LEVELS[:-1]), label="level")
    target = data.draw(st.sampled_from(LEVELS[LEVELS.index(level) :]), label="target")
    focus = data.draw(st.lists(st.sampled_from(AREAS), max_size=4), label="focus")
    known = data.draw(st.sets(st.sampled_from(sorted(content.topics)), max_size=40), label="known")
    hours = data.draw(st.integers(1, 40), label="hours")
    args = {"level": level, "target": target, "focus": focus, "known": sorted(known), "hours_per_week": hours}
    plan = build_plan(content, **args)
    assert_well_formed(content, plan, known)
    assert build_plan(content, **args) == plan
