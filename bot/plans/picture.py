"""The plan as a PNG roadmap, painted with Pillow from :func:`bot.plans.layout.plan_layout` (default font only)."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.content import Content
from bot.messages import FileAttachment
from bot.plans.builder import Plan
from bot.plans.layout import LEGEND_HEIGHT, MARGIN, Arrow, Box, Column, Layout, plan_layout

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

BACKGROUND: RGB = (255, 255, 255)
INK: RGB = (30, 41, 59)
MUTED: RGB = (100, 116, 139)
ARROW: RGB = (148, 163, 184)
CURRENT_COLUMN: RGB = (239, 246, 255)
# state -> (fill, border, text)
STYLES: dict[str, tuple[RGB, RGB, RGB]] = {
    "done": ((209, 250, 229), (5, 150, 105), (6, 78, 59)),
    "now": ((254, 243, 199), (217, 119, 6), (120, 53, 15)),
    "later": ((255, 255, 255), (100, 116, 139), INK),
    "skipped": ((241, 245, 249), (203, 213, 225), (148, 163, 184)),
}
LEGEND = (("done", "Done"), ("now", "This week"), ("later", "Later"), ("skipped", "Skipped"))
PADDING = 8
TITLE_LINES = 2


def render_plan_png(content: Content, plan: Plan, progress: Mapping[str, str]) -> bytes:
    """The plan as PNG bytes: weeks as columns, topics as boxes coloured by state, prerequisite arrows, a legend."""
    layout = plan_layout(content, plan, progress)
    image = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _title(draw, plan, progress, layout)
    for column in layout.columns:
        _column(draw, column)
    for arrow in layout.arrows:
        _arrow(draw, arrow)
    for box in layout.boxes:
        _box(draw, box)
    _legend(draw, layout.legend_y)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def plan_picture(content: Content, plan: Plan, progress: Mapping[str, str]) -> FileAttachment:
    """The PNG as a reply attachment, with alt text for screen readers."""
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    alt = (
        f"Learning plan from {plan.level} to {plan.target}: {_count(len(plan.topic_ids), 'topic')} over "
        f"{_count(len(plan.weeks), 'week')}, {done} done."
    )
    return FileAttachment("learning-plan.png", render_plan_png(content, plan, progress), alt)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@lru_cache(maxsize=4)
def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)


def _title(draw: ImageDraw.ImageDraw, plan: Plan, progress: Mapping[str, str], layout: Layout) -> None:
    total = len(plan.topic_ids)
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    draw.text((MARGIN, MARGIN), f"Learning plan: {plan.level} to {plan.target}", fill=INK, font=_font(22))
    if not total:
        summary = "Nothing to learn here: you already know every topic in scope."
    else:
        weeks = _count(len(plan.weeks), "week")
        summary = f"{_count(total, 'topic')}, {weeks} at {plan.hours_per_week} h a week, {done} done"
    draw.text((MARGIN, MARGIN + 32), summary, fill=MUTED, font=_font(14))


def _column(draw: ImageDraw.ImageDraw, column: Column) -> None:
    if column.current:
        box = (column.x - 6, column.y - 4, column.x + column.width + 6, column.y + column.height)
        draw.rounded_rectangle(box, radius=8, fill=CURRENT_COLUMN)
    label = f"Week {column.week} - {column.hours} h" + (" (now)" if column.current else "")
    draw.text((column.x + 2, column.y + 4), label, fill=INK if column.current else MUTED, font=_font(13))


def _arrow(draw: ImageDraw.ImageDraw, arrow: Arrow) -> None:
    draw.line(list(arrow.points), fill=ARROW, width=2, joint="curve")
    (x0, y0), (x1, y1) = arrow.points[-2], arrow.points[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    head = [
        (x1, y1),
        (round(x1 - 8 * math.cos(angle - 0.45)), round(y1 - 8 * math.sin(angle - 0.45))),
        (round(x1 - 8 * math.cos(angle + 0.45)), round(y1 - 8 * math.sin(angle + 0.45))),
    ]
    draw.polygon(head, fill=ARROW)


def _box(draw: ImageDraw.ImageDraw, box: Box) -> None:
    fill, border, text = STYLES.get(box.state, STYLES["later"])
    outline = (box.x, box.y, box.x + box.width, box.y + box.height)
    draw.rounded_rectangle(outline, radius=6, fill=fill, outline=border, width=2)
    font = _font(13)
    lines = _wrap(box.title, font, box.width - 2 * PADDING, TITLE_LINES)
    for i, line in enumerate(lines):
        draw.text((box.x + PADDING, box.y + 6 + 16 * i), line, fill=text, font=font)
    detail = f"{box.hours} h - {box.area}" + (" - skipped" if box.state == "skipped" else "")
    detail = _wrap(detail, _font(11), box.width - 2 * PADDING, 1)[0]
    draw.text((box.x + PADDING, box.y + box.height - 18), detail, fill=text, font=_font(11))


def _legend(draw: ImageDraw.ImageDraw, top: int) -> None:
    x = MARGIN
    y = top + (LEGEND_HEIGHT - 18) // 2
    for state, label in LEGEND:
        fill, border, _ = STYLES[state]
        draw.rounded_rectangle((x, y, x + 18, y + 18), radius=3, fill=fill, outline=border, width=2)
        draw.text((x + 26, y + 2), label, fill=INK, font=_font(13))
        x += 26 + round(_font(13).getlength(label)) + 28
    draw.line([(x, y + 9), (x + 30, y + 9)], fill=ARROW, width=2)
    draw.polygon([(x + 36, y + 9), (x + 28, y + 5), (x + 28, y + 13)], fill=ARROW)
    draw.text((x + 44, y + 2), "learn first", fill=INK, font=_font(13))


def _wrap(text: str, font: Font, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; the last line ends in "..." when the text does not fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words or (lines and font.getlength(lines[-1]) > width):
        last = lines[-1]
        while last and font.getlength(last + "...") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "..."
    return lines
