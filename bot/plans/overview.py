"""``plan all`` (every topic with its weeks, compact and paged) and ``progress`` (the sums so far)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.content import Content
from bot.messages import Block, Bullets, Button, Grid, Paragraph, Reply
from bot.plans.plan import Plan
from bot.plans.render import bar, count, current_week, scope, weeks_label

PAGE_LINES = 25  # about 1,500 characters: one Discord message, one Slack section
MARKS = {"done": "✓ ", "skipped": "– "}


def plan_lines(content: Content, plan: Plan, progress: Mapping[str, str] | None = None) -> list[str]:
    """One line per topic in start order: ``weeks 3–8 · Operating systems · 30 h``."""
    progress = progress or {}
    lines = []
    for topic_id in plan.topic_ids:
        span = plan.span(topic_id)
        topic = content.topic(topic_id)
        if span is None:
            continue
        title = topic.title if topic else topic_id
        mark = MARKS.get(progress.get(topic_id, ""), "")
        lines.append(f"{mark}{weeks_label(*span)} · {title} · {plan.total_hours(topic_id)} h")
    return lines


def plan_grid(content: Content, plan: Plan, progress: Mapping[str, str], topic_ids: Sequence[str]) -> Grid:
    """The rows of :func:`plan_lines` as cells: done or skipped, weeks, topic, hours."""
    rows = []
    for topic_id in topic_ids:
        span = plan.span(topic_id)
        if span is None:
            continue
        topic = content.topic(topic_id)
        mark = MARKS.get(progress.get(topic_id, ""), "").strip()
        rows.append((mark, weeks_label(*span), topic.title if topic else topic_id, f"{plan.total_hours(topic_id)} h"))
    return Grid(("", "Weeks", "Topic", "Hours"), tuple(rows))


def all_weeks_reply(content: Content, plan: Plan, progress: Mapping[str, str], page: int = 1) -> Reply:
    """Every topic of the plan with the weeks it takes, ``PAGE_LINES`` a page."""
    heading = f"Your whole plan: {plan.level} → {plan.target}"
    lines = plan_lines(content, plan, progress)
    if not lines:
        return Reply(heading=heading, blocks=(Paragraph("Your plan is empty: you know everything in scope."),))
    pages = (len(lines) + PAGE_LINES - 1) // PAGE_LINES
    page = min(max(page, 1), pages)
    shown = lines[(page - 1) * PAGE_LINES : page * PAGE_LINES]
    placed = [t for t in plan.topic_ids if plan.span(t) is not None]
    grid = plan_grid(content, plan, progress, placed[(page - 1) * PAGE_LINES : page * PAGE_LINES])
    blocks: list[Block] = [Paragraph(scope(content, plan)), Bullets(tuple(shown), grid)]
    buttons: tuple[Button, ...] = ()
    footer = "✓ done, – skipped."
    if pages > 1:
        footer = f"Page {page} of {pages}. " + footer
        if page < pages:
            footer += f" `plan all {page + 1}` shows the next page."
            buttons = (Button(f"Page {page + 1}", f"plan all {page + 1}"),)
    return Reply(heading=heading, blocks=tuple(blocks), buttons=buttons, footer=footer)


def progress_reply(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None) -> Reply:
    """Progress in sums: topics and hours done, where the person is, and each area's share."""
    ids = plan.topic_ids
    done = [t for t in ids if progress.get(t) == "done"]
    skipped = [t for t in ids if progress.get(t) == "skipped"]
    hours_done = sum(plan.total_hours(t) for t in done)
    week = current_week(plan, progress, now_week)
    where = (
        f"You're on week {week.number} of {len(plan.weeks)}"
        + (f"; the calendar says week {now_week}." if now_week else ".")
        if week
        else "Every topic is done or skipped."
    )
    lines = [
        f"{len(done)} of {count(len(ids) - len(skipped), 'topic')} done"
        + (f", {len(skipped)} skipped" if skipped else ""),
        f"{hours_done} of {plan.hours_total} h of study behind you",
        where,
    ]
    titles = {a.id: a.title for a in content.areas}
    areas: dict[str, list[str]] = {}
    for topic_id in ids:
        topic = content.topic(topic_id)
        areas.setdefault(topic.area if topic else "", []).append(topic_id)
    per_area = tuple(
        f"{titles.get(area, area or 'Other')}: {sum(progress.get(t) == 'done' for t in members)} of {len(members)}"
        for area, members in areas.items()
    )
    return Reply(
        heading="Your progress",
        blocks=(bar(plan, progress), Bullets(tuple(lines)), Paragraph("By area:"), Bullets(per_area)),
        buttons=(Button("This week", "plan"), Button("All weeks", "plan all")),
        footer="`done <topic>` marks a step done.",
    )
