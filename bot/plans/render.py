"""The plan as replies: ``plan`` (progress, this week, next week, the horizon) and the weekly check-in DM."""

from __future__ import annotations

from collections.abc import Mapping

from bot.content import Content, Topic
from bot.messages import Block, Bullets, Button, Paragraph, ProgressBar, Reply
from bot.plans.plan import HORIZON_WEEKS, MAX_HOURS, Part, Plan, Week

MAX_BUTTONS = 5
MAX_LABEL = 75
WHY_CHARS = 160
PRACTICE_CHARS = 200
LATER_AREAS = 4
COMING_UP = 10  # topics named in the horizon line
PICTURE = Button("Plan picture", "plan picture")
ALL_WEEKS = Button("All weeks", "plan all")
FOOTER = (
    "`done <topic>` or `skip <topic>` marks a step; `plan all` lists every week; `progress` sums up; "
    "`plan picture` draws the roadmap; `plan reset` starts over."
)


def current_week(plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> Week | None:
    """This week: the first week with an open part (neither done nor skipped); ``None`` once all are closed.

    Inside a long topic the calendar moves "this week" along its parts (``now_week``, 1-based), but never past
    the last part of a topic still open.
    """
    closed = _closed(progress)
    first = next((w for w in plan.weeks if any(t not in closed for t in w.topic_ids)), None)
    if first is None or now_week is None or now_week <= first.number:
        return first
    open_here = [t for t in first.topic_ids if t not in closed]
    spans = [plan.span(t) for t in open_here]
    last = max(span[1] for span in spans if span)
    return plan.weeks[min(now_week, last) - 1]


def plan_reply(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> Reply:
    """The plan: a progress bar, this week's steps with why and the exercise, next week, and the rest in brief.

    ``now_week`` is the calendar week since the plan started (1-based); when given, a line says whether the user
    is on schedule.
    """
    heading = f"Your plan: {plan.level} → {plan.target}"
    if not plan.weeks:
        text = "There is nothing to add: you already know every topic between these levels in your focus areas."
        return Reply(heading=heading, blocks=(Paragraph(text),), footer="Type `plan reset` to plan a different goal.")
    week = current_week(plan, progress, now_week)
    blocks: list[Block] = [bar(plan, progress), Paragraph(scope(content, plan))]
    if week is None:
        blocks.append(
            Paragraph("You've worked through every topic in your plan. Well done! `plan reset` sets a new goal.")
        )
        return Reply(heading=heading, blocks=tuple(blocks), buttons=(PICTURE,), footer=FOOTER)
    blocks.extend(_this_week(content, plan, progress, week, now_week))
    if week.number < len(plan.weeks):
        following = plan.weeks[week.number]
        blocks.append(Paragraph(f"Next week (week {following.number}): {_titles(content, following)}."))
    blocks.extend(_horizon(content, plan, week.number + 2))
    buttons = (*_buttons(content, week, progress), ALL_WEEKS, PICTURE)
    return Reply(heading=heading, blocks=tuple(blocks), buttons=buttons[-MAX_BUTTONS:], footer=FOOTER)


def checkin_reply(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> Reply:
    """The weekly check-in DM: progress so far and this week's next steps."""
    week = current_week(plan, progress, now_week)
    if week is None:
        text = "Every topic in your plan is done or skipped. Type `plan reset` to set your next goal."
        return Reply(heading="Weekly check-in", blocks=(bar(plan, progress), Paragraph(text)), buttons=(PICTURE,))
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    opening = f"So far you've finished {done} of {len(plan.topic_ids)} topics." if done else "Time to get started!"
    blocks = [bar(plan, progress), Paragraph(opening), *_this_week(content, plan, progress, week, now_week)]
    return Reply(
        heading=f"Weekly check-in: week {week.number} of {len(plan.weeks)}",
        blocks=tuple(blocks),
        buttons=(*_buttons(content, week, progress), PICTURE)[-MAX_BUTTONS:],
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


def weeks_label(first: int, last: int) -> str:
    """``week 3`` or ``weeks 3–8``."""
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def scope(content: Content, plan: Plan) -> str:
    """Focus, stack and the honest total: ``about 94 weeks at 5 h a week (464 h in all)``."""
    titles = {a.id: a.title for a in content.areas}
    focus = ", ".join(titles.get(a, a) for a in plan.focus) or "all areas"
    only = " only" if plan.focus_only else ""
    weeks = len(plan.weeks)
    return (
        f"Focus: {focus}{only}. About {count(weeks, 'week')} at {plan.hours_per_week} h a week "
        f"({plan.hours_total} h in all)."
    )


def bar(plan: Plan, progress: Mapping[str, str]) -> ProgressBar:
    ids = plan.topic_ids
    skipped = sum(1 for t in ids if progress.get(t) == "skipped")
    done = sum(1 for t in ids if progress.get(t) == "done")
    label = "topics done" + (f", {skipped} skipped" if skipped else "")
    return ProgressBar(done=done, total=len(ids) - skipped, label=label)


def _this_week(
    content: Content, plan: Plan, progress: Mapping[str, str], week: Week, now_week: int | None
) -> list[Block]:
    header = f"This week (week {week.number} of {len(plan.weeks)}, {week.hours} h)."
    pace = _pace(week.number, now_week)
    items = tuple(
        _step(topic, part, plan, progress.get(part.topic_id)) for part, topic in _parts(content, week) if topic
    )
    return [Paragraph(f"{header} {pace}".strip()), Bullets(items)]


def _step(topic: Topic, part: Part, plan: Plan, state: str | None) -> str:
    if state == "done":
        return f"✓ {topic.title}: done"
    if state == "skipped":
        return f"{topic.title}: skipped"
    share = f"{part.hours} h" if part.count == 1 else f"{part.hours} of {part.total_hours} h, part {part.label}"
    if part.index > 1:
        span = plan.span(part.topic_id)
        until = f", until week {span[1]}" if span and span[1] > 0 else ""
        return f"{topic.title} ({share}{until}): keep going. Try this: {shorten(topic.practice, PRACTICE_CHARS)}"
    why, practice = shorten(topic.why, WHY_CHARS), shorten(topic.practice, PRACTICE_CHARS)
    return f"{topic.title} ({share}). Why: {why} Try this: {practice}"


def _horizon(content: Content, plan: Plan, start: int) -> list[Block]:
    """The topics starting in the rest of the horizon, one line; then the weeks after it in brief."""
    end = start + HORIZON_WEEKS - 3  # this week and next week are shown above
    blocks: list[Block] = []
    coming = [(plan.span(t), t) for w in plan.weeks[start - 1 : end] for t in w.topic_ids]
    starts = [(span, t) for span, t in dict.fromkeys(coming) if span and span[0] >= start]
    if starts:
        items = ", ".join(f"{_title(content, t)} ({weeks_label(*span)})" for span, t in starts[:COMING_UP])
        items += f" and {count(len(starts) - COMING_UP, 'more topic')}" if len(starts) > COMING_UP else ""
        blocks.append(Paragraph(f"Coming up to week {min(end, len(plan.weeks))}: {items}."))
    if end < len(plan.weeks):
        later = [t for w in plan.weeks[end:] for t in w.topic_ids if (plan.span(t) or (0, 0))[0] > end]
        later = list(dict.fromkeys(later))
        hours = sum(w.hours for w in plan.weeks[end:])
        areas = _areas(content, later)
        blocks.append(
            Paragraph(
                f"After that: {count(len(plan.weeks) - end, 'more week')} (weeks {end + 1}–{len(plan.weeks)}, "
                f"{hours} h), {count(len(later), 'topic')} in {areas}. `plan all` lists them."
            )
        )
        blocks.append(Paragraph(_long_journey(plan)))
    return blocks


def _long_journey(plan: Plan) -> str:
    offers = []
    if plan.focus and not plan.focus_only:
        offers.append("`plan focus only` keeps just your focus areas")
    if plan.hours_per_week < MAX_HOURS:
        more = min(MAX_HOURS, plan.hours_per_week * 2)
        offers.append(f"`plan hours {more}` fits more into each week")
    ways = " or ".join(offers)
    return f"That's a long journey. To get there sooner, {ways}." if ways else "That's a long journey."


def _areas(content: Content, ids: list[str]) -> str:
    titles = {a.id: a.title for a in content.areas}
    counts: dict[str, int] = {}
    for topic_id in ids:
        topic = content.topic(topic_id)
        if topic:
            counts[topic.area] = counts.get(topic.area, 0) + 1
    ranked = sorted(counts, key=lambda a: -counts[a])
    shown = ", ".join(titles.get(a, a) for a in ranked[:LATER_AREAS])
    return shown + (f" and {count(len(ranked) - LATER_AREAS, 'more area')}" if len(ranked) > LATER_AREAS else "")


def _pace(week_number: int, now_week: int | None) -> str:
    if now_week is None or now_week < 1:
        return ""
    if now_week > week_number:
        gap = now_week - week_number
        return f"The calendar says week {now_week}: {gap} week{'s' if gap > 1 else ''} behind, no stress."
    if now_week < week_number:
        return "You're ahead of schedule."
    return "You're on schedule."


def _buttons(content: Content, week: Week, progress: Mapping[str, str]) -> tuple[Button, ...]:
    """``done`` for each open topic this week, then ``skip`` while room is left; three at most."""
    open_topics = [(p.topic_id, t) for p, t in _parts(content, week) if t and p.topic_id not in _closed(progress)]
    room = MAX_BUTTONS - 2
    done = [Button(_label(f"Done: {t.title}"), f"done {i}") for i, t in open_topics][:room]
    skip = [Button(_label(f"Skip: {t.title}"), f"skip {i}") for i, t in open_topics][: room - len(done)]
    return (*done, *skip)


def _titles(content: Content, week: Week) -> str:
    return ", ".join(_title(content, p.topic_id) + (f" (part {p.label})" if p.count > 1 else "") for p in week.parts)


def _title(content: Content, topic_id: str) -> str:
    topic = content.topic(topic_id)
    return topic.title if topic else topic_id


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _parts(content: Content, week: Week) -> list[tuple[Part, Topic | None]]:
    """Each part with its topic (following renamed ids); progress and commands keep the plan's ids."""
    return [(part, content.topic(part.topic_id)) for part in week.parts]


def _closed(progress: Mapping[str, str]) -> set[str]:
    return {topic_id for topic_id, state in progress.items() if state in ("done", "skipped")}
