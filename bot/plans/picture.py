"""The plan as PNG pictures, painted with Pillow from :func:`bot.plans.layout.plan_pages` (default font only)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.content import Content
from bot.messages import FileAttachment
from bot.plans.layout import LEGEND_HEIGHT, MARGIN, Chip, Page, Row, plan_pages
from bot.plans.plan import Plan
from bot.plans.render import count

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

BACKGROUND: RGB = (255, 255, 255)
INK: RGB = (30, 41, 59)
MUTED: RGB = (71, 85, 105)
ROW_FILL: RGB = (248, 250, 252)
CURRENT_ROW: RGB = (219, 234, 254)
# state -> (fill, border, text)
STYLES: dict[str, tuple[RGB, RGB, RGB]] = {
    "done": ((209, 250, 229), (5, 150, 105), (6, 78, 59)),
    "now": ((254, 243, 199), (217, 119, 6), (120, 53, 15)),
    "later": ((255, 255, 255), (100, 116, 139), INK),
    "skipped": ((241, 245, 249), (203, 213, 225), (100, 116, 139)),
}
LEGEND = (("done", "Done"), ("now", "This week"), ("later", "Later"), ("skipped", "Skipped"))
PADDING = 10
TITLE_LINES = 2
TITLE_FONT, CHIP_FONT, DETAIL_FONT, LABEL_FONT = 30, 20, 16, 20


def plan_pictures(
    content: Content, plan: Plan, progress: Mapping[str, str], now_week: int | None = None
) -> list[FileAttachment]:
    """One PNG a page, each with alt text saying what it shows; named ``learning-plan.png`` or ``-1``, ``-2``..."""
    pages = plan_pages(content, plan, progress, now_week)
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    summary = (
        f"Learning plan from {plan.level} to {plan.target}: {count(len(plan.topic_ids), 'topic')} over "
        f"{count(len(plan.weeks), 'week')} at {plan.hours_per_week} h a week, {done} done."
    )
    files = []
    for number, page in enumerate(pages, start=1):
        png = _render(plan, page, number, len(pages), progress)
        if len(pages) == 1:
            files.append(FileAttachment("learning-plan.png", png, summary))
            continue
        first, last = page.rows[0].first_week, page.rows[-1].last_week
        alt = f"{summary} Picture {number} of {len(pages)}: weeks {first}–{last}, " + _topics_alt(page)
        files.append(FileAttachment(f"learning-plan-{number}.png", png, alt))
    return files


def plan_picture(content: Content, plan: Plan, progress: Mapping[str, str]) -> FileAttachment:
    """The first picture alone (for a short plan, the whole plan)."""
    return plan_pictures(content, plan, progress)[0]


def render_plan_png(content: Content, plan: Plan, progress: Mapping[str, str]) -> bytes:
    return plan_picture(content, plan, progress).data


def _topics_alt(page: Page) -> str:
    titles = list(dict.fromkeys(chip.title for chip in page.chips))
    shown = ", ".join(titles[:6])
    return shown + (f" and {len(titles) - 6} more topics." if len(titles) > 6 else ".")


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)


_PLAIN = str.maketrans({"–": "-", "—": "-", "→": "->", "←": "<-", "✓": "", "…": "..."})


def _text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, fill: RGB, size: int) -> None:
    """Text in the default font, with the few characters it lacks spelled plainly."""
    draw.text(xy, text.translate(_PLAIN), fill=fill, font=_font(size))


def _render(plan: Plan, page: Page, number: int, pages: int, progress: Mapping[str, str]) -> bytes:
    image = Image.new("RGB", (page.width, page.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _title(draw, plan, page, number=number, pages=pages, progress=progress)
    for row in page.rows:
        _row(draw, row, page.width)
        for chip in row.chips:
            _chip(draw, chip)
    _legend(draw, page.legend_y)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _title(
    draw: ImageDraw.ImageDraw, plan: Plan, page: Page, *, number: int, pages: int, progress: Mapping[str, str]
) -> None:
    part = f"  ({number} of {pages})" if pages > 1 else ""
    _text(draw, (MARGIN, MARGIN), f"Learning plan: {plan.level} to {plan.target}{part}", INK, 30)
    total = len(plan.topic_ids)
    done = sum(1 for t in plan.topic_ids if progress.get(t) == "done")
    if not total:
        summary = "Nothing to learn here: you already know every topic in scope."
    else:
        summary = (
            f"{count(total, 'topic')}, about {count(len(plan.weeks), 'week')} at {plan.hours_per_week} h a week "
            f"({plan.hours_total} h), {done} done"
        )
    _text(draw, (MARGIN, MARGIN + 42), summary, MUTED, DETAIL_FONT + 2)


def _row(draw: ImageDraw.ImageDraw, row: Row, width: int) -> None:
    box = (MARGIN - 8, row.y, width - MARGIN + 8, row.y + row.height)
    draw.rounded_rectangle(box, radius=10, fill=CURRENT_ROW if row.current else ROW_FILL)
    _text(draw, (MARGIN + 4, row.y + 14), row.label, INK, LABEL_FONT)
    hours = f"{row.hours} h" + ("  (now)" if row.current else "")
    _text(draw, (MARGIN + 4, row.y + 42), hours, MUTED, DETAIL_FONT)


def _chip(draw: ImageDraw.ImageDraw, chip: Chip) -> None:
    fill, border, text = STYLES.get(chip.state, STYLES["later"])
    outline = (chip.x, chip.y, chip.x + chip.width, chip.y + chip.height)
    draw.rounded_rectangle(outline, radius=8, fill=fill, outline=border, width=2)
    inner = chip.width - 2 * PADDING
    lines = _wrap(chip.title, _font(CHIP_FONT), inner, TITLE_LINES if not chip.after else 1)
    y = chip.y + 8
    for line in lines:
        _text(draw, (chip.x + PADDING, y), line, text, CHIP_FONT)
        y += 24
    detail = (
        chip.detail + (" · skipped" if chip.state == "skipped" else "") + (" · done" if chip.state == "done" else "")
    )
    rest = [detail, chip.after] if chip.after else [detail]
    y = chip.y + chip.height - 8 - 20 * len(rest)
    for line in rest:
        _text(draw, (chip.x + PADDING, y), _wrap(line, _font(DETAIL_FONT), inner, 1)[0], text, 16)
        y += 20


def _legend(draw: ImageDraw.ImageDraw, top: int) -> None:
    x = MARGIN
    y = top + (LEGEND_HEIGHT - 22) // 2
    for state, label in LEGEND:
        fill, border, _ = STYLES[state]
        draw.rounded_rectangle((x, y, x + 22, y + 22), radius=4, fill=fill, outline=border, width=2)
        _text(draw, (x + 30, y + 1), label, INK, 18)
        x += 30 + round(_font(18).getlength(label)) + 32
    _text(draw, (x, y + 1), "“after:” names what to learn first", MUTED, 18)


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
    return lines or [""]
