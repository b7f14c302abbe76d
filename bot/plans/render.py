"""The plan as replies: ``plan`` (progress and this week's steps) and the weekly check-in DM."""

from __future__ import annotations

from collections.abc import Mapping

from bot.content import Content, Topic
from bot.messages import Block, Bullets, Button, Paragraph, ProgressBar, Reply
from bot.plans.builder import Plan, Week

MAX_BUTTONS = 5
MAX_LABEL = 75
WHY_CHARS = 160
PRACTICE_CHARS = 200
PICTURE = Button("Plan picture", "plan picture")
FOOTER = "`done <topic>` or `skip <topic>` marks a step; `plan picture` draws the roadmap; `plan reset` starts over."


def current_week(plan: Plan, progress: Mapping[str, str]) -> Week | None:
    """This week: the first week with an open topic (neither done nor skipped); ``None`` once all are closed."""
    return next((w for w in plan.weeks if any(t not in _closed(progress) for t in w.topic_ids)), None)


def plan_reply(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> Reply:
    """The plan: a progress bar, this week's steps with why and the exercise, and buttons to mark them.

    ``now_week`` is the calendar week since the plan started (1-based); when given, a line says whether the user
    is on schedule. "This week" itself is always the first week with an open topic.
    """
    heading = f"Your plan: {plan.level} → {plan.target}"
    if not plan.weeks:
        text = "There is nothing to add: you already know every topic between these levels in your focus areas."
        return Reply(heading=heading, blocks=(Paragraph(text),), footer="Type `plan reset` to plan a different goal.")
    week = current_week(plan, progress)
    blocks: list[Block] = [_bar(plan, progress), Paragraph(_scope(content, plan))]
    if week is None:
        blocks.append(
            Paragraph("You've worked through every topic in your plan. Well done! `plan reset` sets a new goal.")
        )
        return Reply(heading=heading, blocks=tuple(blocks), buttons=(PICTURE,), footer=FOOTER)
    blocks.extend(_this_week(content, plan, progress, week, now_week))
    following = next((w for w in plan.weeks if w.number == week.number + 1), None)
    if following:
        titles = ", ".join(t.title for _, t in _topics(content, following.topic_ids))
        blocks.append(Paragraph(f"Next, in week {following.number}: {titles}."))
    return Reply(heading=heading, blocks=tuple(blocks), buttons=_buttons(content, week, progress), footer=FOOTER)


def checkin_reply(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> Reply:
    """The weekly check-in DM: progress so far and this week's next steps."""
    week = current_week(plan, progress)
    if week is None:
        text = "Every topic in your plan is done or skipped. Type `plan reset` to set your next goal."
        return Reply(heading="Weekly check-in", blocks=(_bar(plan, progress), Paragraph(text)), buttons=(PICTURE,))
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    opening = f"So far you've finished {done} of {len(plan.topic_ids)} topics." if done else "Time to get started!"
    blocks = [_bar(plan, progress), Paragraph(opening), *_this_week(content, plan, progress, week, now_week)]
    return Reply(
        heading=f"Weekly check-in: week {week.number} of {len(plan.weeks)}",
        blocks=tuple(blocks),
        buttons=_buttons(content, week, progress),
        footer="Type `plan` for the whole plan, or `checkin off` to stop these messages.",
    )


def shorten(text: str, limit: int) -> str:
    """The first sentence when it fits, else the text cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    end = text.find(". ")
    if 0 < end < limit:
        return text[: end + 1]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _this_week(
    content: Content, plan: Plan, progress: Mapping[str, str], week: Week, now_week: int | None
) -> list[Block]:
    header = f"This week (week {week.number} of {len(plan.weeks)}, about {week.hours} h)."
    pace = _pace(week.number, now_week)
    items = tuple(_step(topic, progress.get(topic_id)) for topic_id, topic in _topics(content, week.topic_ids))
    return [Paragraph(f"{header} {pace}".strip()), Bullets(items)]


def _step(topic: Topic, state: str | None) -> str:
    if state == "done":
        return f"✓ {topic.title}: done"
    if state == "skipped":
        return f"{topic.title}: skipped"
    why, practice = shorten(topic.why, WHY_CHARS), shorten(topic.practice, PRACTICE_CHARS)
    return f"{topic.title} ({topic.hours} h). Why: {why} Try this: {practice}"


def _pace(week_number: int, now_week: int | None) -> str:
    if now_week is None or now_week < 1:
        return ""
    if now_week > week_number:
        gap = now_week - week_number
        return f"The calendar says week {now_week}: {gap} week{'s' if gap > 1 else ''} behind, no stress."
    if now_week < week_number:
        return "You're ahead of schedule."
    return "You're on schedule."


def _bar(plan: Plan, progress: Mapping[str, str]) -> ProgressBar:
    ids = plan.topic_ids
    skipped = sum(1 for t in ids if progress.get(t) == "skipped")
    done = sum(1 for t in ids if progress.get(t) == "done")
    label = "topics done" + (f", {skipped} skipped" if skipped else "")
    return ProgressBar(done=done, total=len(ids) - skipped, label=label)


def _scope(content: Content, plan: Plan) -> str:
    titles = {a.id: a.title for a in content.areas}
    focus = ", ".join(titles.get(a, a) for a in plan.focus) or "all areas"
    weeks = len(plan.weeks)
    return f"Focus: {focus}. {plan.hours_per_week} h a week, {weeks} week{'' if weeks == 1 else 's'}."


def _buttons(content: Content, week: Week, progress: Mapping[str, str]) -> tuple[Button, ...]:
    """``done`` for each open topic this week, then ``skip`` while room is left, then the picture; five at most."""
    open_topics = [(i, t) for i, t in _topics(content, week.topic_ids) if i not in _closed(progress)]
    room = MAX_BUTTONS - 1
    done = [Button(_label(f"Done: {t.title}"), f"done {i}") for i, t in open_topics][:room]
    skip = [Button(_label(f"Skip: {t.title}"), f"skip {i}") for i, t in open_topics][: room - len(done)]
    return (*done, *skip, PICTURE)


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _topics(content: Content, ids: tuple[str, ...]) -> list[tuple[str, Topic]]:
    """Each plan id with its topic (following renamed ids); progress and commands keep the plan's ids."""
    return [(topic_id, topic) for topic_id in ids if (topic := content.topic(topic_id)) is not None]


def _closed(progress: Mapping[str, str]) -> set[str]:
    return {topic_id for topic_id, state in progress.items() if state in ("done", "skipped")}
