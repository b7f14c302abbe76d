"""Where everything goes in the plan picture: week columns, one box per topic and routed prerequisite arrows.

Pure geometry (no drawing library), so tests can count boxes and the picture module only paints. Weeks run left
to right; long plans wrap into bands of ``WEEKS_PER_BAND`` columns, one band under the other. Arrows run only
through the gutters between columns and bands, so they never cross a box.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.content import Content
from bot.plans.builder import Plan
from bot.plans.render import current_week

MARGIN = 40
TITLE_HEIGHT = 70
HEADER_HEIGHT = 30
BOX_WIDTH = 184
BOX_HEIGHT = 64
COLUMN_GAP = 44
ROW_GAP = 14
BAND_GAP = 44
LEGEND_HEIGHT = 50
WEEKS_PER_BAND = 8
MIN_WIDTH = 720
LANES = 5
LANE_STEP = 4

Point = tuple[int, int]


@dataclass(frozen=True)
class Box:
    topic_id: str
    title: str
    hours: int
    area: str
    week: int
    state: str  # done | now | later | skipped
    x: int
    y: int
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT


@dataclass(frozen=True)
class Column:
    week: int
    hours: int
    x: int
    y: int
    height: int
    current: bool
    width: int = BOX_WIDTH


@dataclass(frozen=True)
class Arrow:
    """A prerequisite link drawn as a polyline; the arrow head sits at the last point."""

    source: str
    target: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    columns: tuple[Column, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    legend_y: int


def plan_layout(content: Content, plan: Plan, progress: Mapping[str, str]) -> Layout:
    """The picture's geometry: one box per plan topic, one column per week, one arrow per prerequisite link."""
    week_now = current_week(plan, progress)
    columns: list[Column] = []
    boxes: list[Box] = []
    band_top = MARGIN + TITLE_HEIGHT
    for start in range(0, len(plan.weeks), WEEKS_PER_BAND):
        band = plan.weeks[start : start + WEEKS_PER_BAND]
        rows = max(len(week.topic_ids) for week in band)
        height = HEADER_HEIGHT + rows * (BOX_HEIGHT + ROW_GAP)
        for position, week in enumerate(band):
            x = MARGIN + position * (BOX_WIDTH + COLUMN_GAP)
            current = week_now is not None and week.number == week_now.number
            columns.append(Column(week.number, week.hours, x, band_top, height, current))
            for row, topic_id in enumerate(week.topic_ids):
                topic = content.topic(topic_id)
                state = progress.get(topic_id) if progress.get(topic_id) in ("done", "skipped") else None
                boxes.append(
                    Box(
                        topic_id=topic_id,
                        title=topic.title if topic else topic_id,
                        hours=topic.hours if topic else 0,
                        area=topic.area if topic else "",
                        week=week.number,
                        state=state or ("now" if current else "later"),
                        x=x,
                        y=band_top + HEADER_HEIGHT + row * (BOX_HEIGHT + ROW_GAP),
                    )
                )
        band_top += height + BAND_GAP
    per_band = min(len(plan.weeks), WEEKS_PER_BAND)
    width = max(MIN_WIDTH, 2 * MARGIN + per_band * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP)
    legend_y = band_top if plan.weeks else MARGIN + TITLE_HEIGHT + HEADER_HEIGHT
    arrows = _arrows(content, boxes, columns)
    return Layout(width, legend_y + LEGEND_HEIGHT + MARGIN // 2, tuple(columns), tuple(boxes), arrows, legend_y)


def _arrows(content: Content, boxes: list[Box], columns: list[Column]) -> tuple[Arrow, ...]:
    """One arrow per direct prerequisite link, leaving out links a longer chain already shows (A→B→C drops A→C)."""
    by_id = {_resolved(content, box.topic_id): box for box in boxes}
    column_of = {column.week: column for column in columns}
    links = {
        box.topic_id: [source for p in _prerequisites(content, box.topic_id) if (source := by_id.get(p)) is not None]
        for box in boxes
    }
    reach: dict[str, set[str]] = {}
    for box in boxes:  # boxes come in learning order, so every source is reached before its dependants
        reach[box.topic_id] = set().union(*({s.topic_id} | reach[s.topic_id] for s in links[box.topic_id]))
    arrows: list[Arrow] = []
    for box in boxes:
        sources = links[box.topic_id]
        for source in sources:
            if any(source.topic_id in reach[other.topic_id] for other in sources if other is not source):
                continue
            lane = (len(arrows) % LANES - LANES // 2) * LANE_STEP
            points = _route(source, box, column_of[source.week], column_of[box.week], lane)
            arrows.append(Arrow(source.topic_id, box.topic_id, points))
    return tuple(arrows)


def _prerequisites(content: Content, topic_id: str) -> list[str]:
    topic = content.topic(topic_id)
    return [_resolved(content, p) for p in topic.prerequisites] if topic else []


def _resolved(content: Content, topic_id: str) -> str:
    topic = content.topic(topic_id)
    return topic.id if topic else topic_id


def _route(source: Box, target: Box, source_column: Column, target_column: Column, lane: int) -> tuple[Point, ...]:
    """Right out of the source, through the gutters, into the target's left side (its right side in the same week)."""
    start = (source.x + source.width, source.y + source.height // 2)
    end_y = target.y + target.height // 2
    out_x = source.x + source.width + COLUMN_GAP // 2 + lane
    if source.week == target.week:
        return start, (out_x, start[1]), (out_x, end_y), (target.x + target.width, end_y)
    in_x = target.x - COLUMN_GAP // 2 + lane
    end = (target.x, end_y)
    if source_column.y == target_column.y and in_x == out_x:  # neighbouring columns share one gutter
        return start, (out_x, start[1]), (out_x, end_y), end
    gutter_y = source_column.y + source_column.height + BAND_GAP // 2 + lane
    return start, (out_x, start[1]), (out_x, gutter_y), (in_x, gutter_y), (in_x, end_y), end
