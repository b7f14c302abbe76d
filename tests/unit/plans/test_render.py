import pytest

from bot.content import Content
from bot.messages import Bullets, ProgressBar, Reply, plain_text
from bot.plans import Plan, build_plan, checkin_reply, current_week, plan_reply
from bot.plans.render import MAX_BUTTONS, MAX_LABEL, shorten


@pytest.fixture(scope="module")
def plan(content: Content) -> Plan:
    return build_plan(content, level="mid", target="senior", focus=["caching"], known=[], hours_per_week=20)


def bar(reply: Reply) -> ProgressBar:
    return next(b for b in reply.blocks if isinstance(b, ProgressBar))


def check_buttons(reply: Reply) -> None:
    assert 1 <= len(reply.buttons) <= MAX_BUTTONS
    assert all(len(b.label) <= MAX_LABEL for b in reply.buttons)
    assert reply.buttons[-1].command == "plan picture"
    assert len({b.command for b in reply.buttons}) == len(reply.buttons)


def test_this_week_is_the_first_week_with_an_open_topic(plan: Plan) -> None:
    first = plan.weeks[0]
    assert current_week(plan, {}) == first
    closed = dict.fromkeys(first.topic_ids, "done") | {first.topic_ids[0]: "skipped"}
    expected = next(w for w in plan.weeks if set(w.topic_ids) - set(closed))
    assert current_week(plan, closed) == expected
    assert current_week(plan, dict.fromkeys(plan.topic_ids, "done")) is None


def test_the_calendar_moves_this_week_along_a_long_topic_but_not_past_it(content: Content) -> None:
    plan = build_plan(content, level="mid", target="senior", focus=["languages"], known=[], hours_per_week=5)
    span = plan.span("operating-systems")
    assert span is not None and span[1] - span[0] >= 3
    before = {t: "done" for w in plan.weeks[: span[0] - 1] for t in w.topic_ids if t != "operating-systems"}
    week = current_week(plan, before, now_week=span[0] + 2)
    assert week is not None and week.number == span[0] + 2
    text = plain_text(plan_reply(content, plan, before, now_week=span[0] + 2))
    assert f"part 3/{span[1] - span[0] + 1}" in text and "keep going" in text
    late = current_week(plan, before, now_week=span[1] + 5)
    assert late is not None and late.number == span[1], "an open topic holds this week at its last part"


def test_plan_reply_shows_progress_steps_and_buttons(content: Content, plan: Plan) -> None:
    week = plan.weeks[0]
    reply = plan_reply(content, plan, {}, now_week=1)
    assert "mid → senior" in reply.heading
    assert bar(reply) == ProgressBar(0, len(plan.topic_ids), "topics done")
    steps = next(b for b in reply.blocks if isinstance(b, Bullets))
    assert len(steps.items) == len(week.topic_ids)
    topic = content.topics[week.topic_ids[0]]
    assert topic.title in steps.items[0] and "Why:" in steps.items[0] and "Try this:" in steps.items[0]
    assert all(len(item) < 500 for item in steps.items), "why and the exercise are shortened"
    check_buttons(reply)
    assert f"done {week.topic_ids[0]}" in [b.command for b in reply.buttons]
    assert "on schedule" in plain_text(reply)


def test_buttons_cover_only_open_topics_of_this_week(content: Content, plan: Plan) -> None:
    week = next(w for w in plan.weeks if len(w.parts) >= 2 and w.parts[1].index == 1)
    earlier = {t: "done" for w in plan.weeks if w.number < week.number for t in w.topic_ids}
    earlier = {t: s for t, s in earlier.items() if t not in week.topic_ids[1:]}
    progress = earlier | {week.topic_ids[0]: "done"}
    reply = plan_reply(content, plan, progress)
    commands = [b.command for b in reply.buttons]
    assert f"done {week.topic_ids[0]}" not in commands
    assert f"done {week.topic_ids[1]}" in commands
    assert f"skip {week.topic_ids[1]}" in commands
    assert all(c.split(" ", 1)[1] in week.topic_ids for c in commands if c.startswith(("done", "skip")))
    check_buttons(reply)
    assert bar(reply).done == len(progress)


def test_a_week_of_many_topics_still_has_at_most_five_buttons(content: Content) -> None:
    busy = build_plan(content, level="junior", target="mid", focus=[], known=[], hours_per_week=40)
    week = max(busy.weeks, key=lambda w: len(w.topic_ids))
    assert len(week.topic_ids) > MAX_BUTTONS
    earlier = {t: "done" for w in busy.weeks if w.number < week.number for t in w.topic_ids}
    check_buttons(plan_reply(content, busy, earlier))


def test_skipped_topics_leave_the_total_and_a_finished_plan_says_so(content: Content, plan: Plan) -> None:
    progress = dict.fromkeys(plan.topic_ids, "done") | {plan.topic_ids[0]: "skipped"}
    reply = plan_reply(content, plan, progress)
    assert bar(reply) == ProgressBar(len(plan.topic_ids) - 1, len(plan.topic_ids) - 1, "topics done, 1 skipped")
    assert "every topic" in plain_text(reply)
    assert [b.command for b in reply.buttons] == ["plan picture"]


def test_an_empty_plan_explains_itself(content: Content) -> None:
    empty = Plan(level="staff", target="staff", focus=(), hours_per_week=5, weeks=())
    reply = plan_reply(content, empty, {})
    assert "nothing to add" in plain_text(reply).lower()


def test_pace_against_the_calendar(content: Content, plan: Plan) -> None:
    week = current_week(plan, {}, now_week=4)
    assert week is not None and week.number < 4
    behind = 4 - week.number
    assert f"calendar says week 4: {behind} week{'s' if behind > 1 else ''} behind" in plain_text(
        plan_reply(content, plan, {}, now_week=4)
    )
    ahead = dict.fromkeys(plan.weeks[0].topic_ids, "done")
    assert "ahead" in plain_text(plan_reply(content, plan, ahead, now_week=1))


def test_checkin_reply_has_progress_and_next_steps(content: Content, plan: Plan) -> None:
    progress = dict.fromkeys(plan.weeks[0].topic_ids, "done")
    reply = checkin_reply(content, plan, progress, now_week=2)
    week = current_week(plan, progress, now_week=2)
    assert week is not None
    assert f"week {week.number} of {len(plan.weeks)}" in reply.heading
    assert bar(reply).done == len(plan.weeks[0].topic_ids)
    text = plain_text(reply)
    assert content.topics[week.topic_ids[-1]].title in text
    assert "checkin off" in text
    check_buttons(reply)
    finished = checkin_reply(content, plan, dict.fromkeys(plan.topic_ids, "done"))
    assert "plan reset" in plain_text(finished)


@pytest.mark.parametrize("limit", [20, 80, 160])
def test_shorten_keeps_the_limit(content: Content, limit: int) -> None:
    for topic in list(content.topics.values())[:40]:
        assert len(shorten(topic.practice, limit)) <= limit
