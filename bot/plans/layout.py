"""Where everything goes in the plan pictures: one row per week (or per phase of weeks), topics as chips.

Pure geometry (no drawing library), so tests can measure it and the picture module only paints. Rows run top to
bottom; a row's chips wrap onto a second line inside the row. There are no arrows: a chip names the prerequisite
it waits for ("after: HTTP") when that is in an earlier row. A long plan groups consecutive weeks into phases and
is split into several pages, each at most ``WIDTH`` × ``MAX_HEIGHT`` pixels, so each stays legible when a chat
previews it 800 pixels wide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.content import Content
from bot.plans.plan import Part, Plan, Week
from bot.plans.render import current_week

WIDTH = 1200
MAX_HEIGHT = 1700
MARGIN = 32
TITLE_HEIGHT = 84
LABEL_WIDTH = 170
CHIP_WIDTH = 310
CHIP_HEIGHT = 96
CHIP_GAP = 14
ROW_PADDING = 12
ROW_GAP = 10
LEGEND_HEIGHT = 56
CHIPS_PER_LINE = 3
CHIPS_PER_ROW = 6  # a phase takes weeks while its topics fit two lines
WEEK_ROWS = 16  # plans up to this many weeks get one row per week


@dataclass(frozen=True)
class Chip:
    topic_id: str
    title: str
    detail: str  # "12 h · Databases" or "part 2/6 · 5 h"
    after: str  # "after: HTTP", or "" when nothing in an earlier row is needed first
    state: str  # done | now | later | skipped
    x: int
    y: int
    width: int = CHIP_WIDTH
    height: int = CHIP_HEIGHT


@dataclass(frozen=True)
class Row:
    label: str  # "Week 3" or "Weeks 9–14"
    hours: int
    first_week: int
    last_week: int
    current: bool
    y: int
    height: int
    chips: tuple[Chip, ...]


@dataclass(frozen=True)
class Page:
    width: int
    height: int
    rows: tuple[Row, ...]
    legend_y: int

    @property
    def chips(self) -> tuple[Chip, ...]:
        return tuple(chip for row in self.rows for chip in row.chips)


def plan_pages(content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None) -> list[Page]:
    """The pictures' geometry: rows of chips, split into pages that each fit ``MAX_HEIGHT``."""
    now = current_week(plan, progress, now_week)
    groups = _groups(plan.weeks)
    first_row: dict[str, int] = {}
    for index, group in enumerate(groups):
        for topic_id in dict.fromkeys(t for w in group for t in w.topic_ids):
            first_row.setdefault(topic_id, index)
    pages: list[Page] = []
    rows: list[Row] = []
    top = MARGIN + TITLE_HEIGHT
    for index, group in enumerate(groups):
        parts = _parts(group)
        lines = max(1, -(-len(parts) // CHIPS_PER_LINE))
        height = 2 * ROW_PADDING + lines * CHIP_HEIGHT + (lines - 1) * CHIP_GAP
        if rows and top + height + LEGEND_HEIGHT + MARGIN > MAX_HEIGHT:
            pages.append(_page(rows, top))
            rows, top = [], MARGIN + TITLE_HEIGHT
        current = now is not None and group[0].number <= now.number <= group[-1].number
        this_week = set(now.topic_ids) if current and now is not None else set()
        chips = tuple(
            _chip(
                content,
                plan,
                part,
                progress=progress,
                current=part[0].topic_id in this_week,
                row=index,
                first_row=first_row,
                top=top,
                position=position,
            )
            for position, part in enumerate(parts)
        )
        first, last = group[0].number, group[-1].number
        label = f"Week {first}" if first == last else f"Weeks {first}–{last}"
        rows.append(Row(label, sum(w.hours for w in group), first, last, current, top, height, chips))
        top += height + ROW_GAP
    if rows or not pages:
        pages.append(_page(rows, top))
    return pages


def _groups(weeks: tuple[Week, ...]) -> list[list[Week]]:
    """One week a row for short plans; otherwise phases of consecutive weeks holding at most ``CHIPS_PER_ROW``."""
    if len(weeks) <= WEEK_ROWS:
        return [[week] for week in weeks]
    groups: list[list[Week]] = []
    for week in weeks:
        if groups and len(_parts([*groups[-1], week])) <= CHIPS_PER_ROW:
            groups[-1].append(week)
        else:
            groups.append([week])
    return groups


def _parts(group: list[Week]) -> list[tuple[Part, int]]:
    """Each topic of the group once (its first part there) with its hours inside the group."""
    hours: dict[str, int] = {}
    first: dict[str, Part] = {}
    for week in group:
        for part in week.parts:
            hours[part.topic_id] = hours.get(part.topic_id, 0) + part.hours
            first.setdefault(part.topic_id, part)
    return [(part, hours[topic_id]) for topic_id, part in first.items()]


def _chip(
    content: Content,
    plan: Plan,
    entry: tuple[Part, int],
    *,
    progress: Mapping[str, str],
    current: bool,
    row: int,
    first_row: Mapping[str, int],
    top: int,
    position: int,
) -> Chip:
    part, hours = entry
    topic = content.topic(part.topic_id)
    line, column = divmod(position, CHIPS_PER_LINE)
    state = progress.get(part.topic_id)
    span = plan.span(part.topic_id)
    if part.count == 1:
        detail = f"{part.total_hours} h"
    elif span is None or span[0] == span[1]:
        detail = f"{hours} h"
    else:
        share = f"{hours} h" if hours == part.total_hours else f"{hours} of {part.total_hours} h"
        detail = f"{share} · weeks {span[0]}–{span[1]}"
    area = {a.id: a.title for a in content.areas}.get(topic.area, topic.area) if topic else ""
    if part.count == 1 and area:
        detail += f" · {area}"
    before = [
        content.topic(p)
        for p in (topic.prerequisites if topic else ())
        if first_row.get(_plan_id(content, plan, p), row) < row
    ]
    titles = [t.title for t in before if t is not None]
    after = f"after: {titles[0]}" + (f" +{len(titles) - 1}" if len(titles) > 1 else "") if titles else ""
    return Chip(
        topic_id=part.topic_id,
        title=topic.title if topic else part.topic_id,
        detail=detail,
        after=after,
        state=state if state in ("done", "skipped") else ("now" if current else "later"),
        x=MARGIN + LABEL_WIDTH + column * (CHIP_WIDTH + CHIP_GAP),
        y=top + ROW_PADDING + line * (CHIP_HEIGHT + CHIP_GAP),
    )


def _plan_id(content: Content, plan: Plan, topic_id: str) -> str:
    """The plan's id for a prerequisite (plans keep the ids they were made with, even when renamed since)."""
    wanted = content.topic(topic_id)
    if wanted is None:
        return topic_id
    return next((t for t in plan.topic_ids if (found := content.topic(t)) and found.id == wanted.id), topic_id)


def _page(rows: list[Row], top: int) -> Page:
    legend_y = top if rows else MARGIN + TITLE_HEIGHT
    return Page(WIDTH, legend_y + LEGEND_HEIGHT + MARGIN // 2, tuple(rows), legend_y)
