"""The team map as a PNG heatmap: areas down, levels across, painted with Pillow (default font only).

Colours come from viridis (light for few people, dark for many), which reads the same with the common kinds of
colour blindness and in greyscale; every cell also prints its number, so colour is never the only cue. Hidden
cells (one or two people who do not share) are grey and hatched. 1000 pixels wide with text of 22 pixels or more,
so a chat's 800-pixel preview stays legible.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.content import LEVELS
from bot.messages import FileAttachment
from bot.team.skillmap import Cell, SkillMap

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

# viridis, from its yellow end (few) to its purple end (many)
RAMP: tuple[RGB, ...] = (
    (253, 231, 37),
    (160, 218, 57),
    (74, 193, 109),
    (31, 161, 135),
    (39, 127, 142),
    (54, 92, 141),
    (70, 50, 126),
    (68, 1, 84),
)
EMPTY: RGB = (246, 246, 246)
HIDDEN: RGB = (214, 214, 214)
INK: RGB = (24, 24, 27)
MUTED: RGB = (82, 82, 91)
WHITE: RGB = (255, 255, 255)
WIDTH = 1000
MARGIN = 28
LABEL_WIDTH = 262
TITLE_HEIGHT = 96
HEADER_HEIGHT = 48
ROW_HEIGHT = 50
LEGEND_HEIGHT = 92
TITLE_FONT, LABEL_FONT, NUMBER_FONT, SMALL_FONT = 32, 24, 26, 22


def heatmap(skills: SkillMap) -> FileAttachment:
    """The PNG, with alt text that says what the picture shows."""
    columns = len(LEVELS)
    cell_width = (WIDTH - 2 * MARGIN - LABEL_WIDTH) // columns
    height = TITLE_HEIGHT + HEADER_HEIGHT + ROW_HEIGHT * len(skills.rows) + LEGEND_HEIGHT + MARGIN
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text(
        (MARGIN, MARGIN - 6), "Team skill map: people active per area, by level", font=_font(TITLE_FONT), fill=INK
    )
    subtitle = f"{skills.members} people use the mentor here, {skills.with_plans} with a plan"
    draw.text((MARGIN, MARGIN + 38), subtitle, font=_font(SMALL_FONT), fill=MUTED)
    top = TITLE_HEIGHT
    left = MARGIN + LABEL_WIDTH
    peak = max((c.count for row in skills.rows for c in row.by_level if c.shown), default=0)
    for index, level in enumerate(LEVELS):
        x = left + index * cell_width + cell_width // 2
        draw.text((x, top + HEADER_HEIGHT // 2), level, font=_font(LABEL_FONT), fill=INK, anchor="mm")
    for number, row in enumerate(skills.rows):
        y = top + HEADER_HEIGHT + number * ROW_HEIGHT
        draw.text((MARGIN, y + ROW_HEIGHT // 2), row.area, font=_font(LABEL_FONT), fill=INK, anchor="lm")
        for index, cell in enumerate(row.by_level):
            box = (left + index * cell_width + 2, y + 2, left + (index + 1) * cell_width - 2, y + ROW_HEIGHT - 2)
            _paint(draw, box, cell, peak)
    _legend(draw, top + HEADER_HEIGHT + ROW_HEIGHT * len(skills.rows) + 18)
    return FileAttachment("team-map.png", _png(image), _alt(skills))


def colour(count: int, peak: int) -> RGB:
    """The ramp's colour for ``count`` out of ``peak`` (zero is near-white)."""
    if count <= 0 or peak <= 0:
        return EMPTY
    step = round((count / peak) * (len(RAMP) - 1)) if peak > 1 else len(RAMP) - 1
    return RAMP[max(0, min(len(RAMP) - 1, step))]


def luminance(fill: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0 black, 1 white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in fill)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _paint(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], cell: Cell, peak: int) -> None:
    x0, y0, x1, y1 = box
    if not cell.shown:
        draw.rectangle(box, fill=HIDDEN)
        for offset in range(-(y1 - y0), x1 - x0, 14):  # hatching: hidden is not the same as zero
            start = (x0 + max(offset, 0), y0 + max(-offset, 0))
            end = (x0 + min(offset + (y1 - y0), x1 - x0), y0 + min(x1 - x0 - offset, y1 - y0))
            draw.line([start, end], fill=(190, 190, 190), width=2)
        draw.text(((x0 + x1) // 2, (y0 + y1) // 2), "hidden", font=_font(SMALL_FONT), fill=INK, anchor="mm")
        return
    fill = colour(cell.count, peak)
    draw.rectangle(box, fill=fill)
    ink = WHITE if luminance(fill) < 0.18 else INK  # whichever contrasts more with the fill
    draw.text(((x0 + x1) // 2, (y0 + y1) // 2), str(cell.count), font=_font(NUMBER_FONT), fill=ink, anchor="mm")


def _legend(draw: ImageDraw.ImageDraw, y: int) -> None:
    x = MARGIN
    draw.text((x, y + 14), "few", font=_font(SMALL_FONT), fill=MUTED, anchor="lm")
    x += 48
    for fill in RAMP:
        draw.rectangle((x, y, x + 34, y + 28), fill=fill)
        x += 36
    draw.text((x + 8, y + 14), "many", font=_font(SMALL_FONT), fill=MUTED, anchor="lm")
    x += 110
    draw.rectangle((x, y, x + 34, y + 28), fill=HIDDEN)
    draw.text((x + 46, y + 14), "hidden: 1 or 2 people who do not share", font=_font(SMALL_FONT), fill=MUTED,
              anchor="lm")  # fmt: skip
    draw.text((MARGIN, y + 52), "Active = learning, finished topics in, or reviewing the area.", font=_font(SMALL_FONT),
              fill=MUTED, anchor="lm")  # fmt: skip


def _alt(skills: SkillMap) -> str:
    strongest = sorted(
        ((sum(c.count for c in row.by_level if c.shown), row.area) for row in skills.rows), key=lambda t: (-t[0], t[1])
    )
    busy = [f"{area} ({count})" for count, area in strongest[:3] if count]
    thin = [area for count, area in strongest if count == 0]
    text = f"Heatmap of {len(skills.rows)} areas by {len(LEVELS)} levels for {skills.members} people."
    if busy:
        text += f" Most active: {', '.join(busy)}."
    if thin:
        text += f" Nobody active yet in: {', '.join(thin[:5])}."
    return text


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    return ImageFont.load_default(size=size)
