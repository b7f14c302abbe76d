import io

import pytest
from PIL import Image

from bot.content import Content
from bot.plans import Plan, build_plan, current_week
from bot.plans.layout import MAX_HEIGHT, WEEK_ROWS, WIDTH, plan_pages
from bot.plans.picture import plan_pictures

PREVIEW_WIDTH = 800
SMALLEST_PREVIEW_TEXT = 10  # pixels, after a chat scales the picture to 800 wide


def decode(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


SIZES = {  # size class -> (level, target, focus, hours); how many pictures each should take
    "short": ("mid", "senior", ("caching",), 10),
    "medium": ("junior", "senior", ("databases", "security"), 5),
    "long": ("junior", "staff", (), 5),
}


def plan_of(content: Content, size: str) -> Plan:
    level, target, focus, hours = SIZES[size]
    return build_plan(content, level=level, target=target, focus=focus, known=[], hours_per_week=hours)


@pytest.mark.parametrize(("size", "pictures"), [("short", (1, 1)), ("medium", (1, 3)), ("long", (4, 9))])
def test_each_size_class_renders_into_pictures_that_fit_a_chat_preview(
    content: Content, size: str, pictures: tuple[int, int]
) -> None:
    plan = plan_of(content, size)
    files = plan_pictures(content, plan, {plan.topic_ids[0]: "done"}, now_week=2)
    assert pictures[0] <= len(files) <= pictures[1]
    for file in files:
        image = decode(file.data)
        width, height = image.size
        assert width <= 1600 and height <= MAX_HEIGHT
        assert WIDTH / PREVIEW_WIDTH * SMALLEST_PREVIEW_TEXT <= 16, "the smallest font (16 px) stays legible"
        assert file.alt_text.startswith(f"Learning plan from {plan.level} to {plan.target}")
    assert len({f.name for f in files}) == len(files), "every picture has its own file name"
    if len(files) > 1:
        assert all(f"Picture {i} of {len(files)}" in f.alt_text for i, f in enumerate(files, start=1))


def test_every_topic_appears_and_no_chip_overlaps_another_or_leaves_its_page(content: Content) -> None:
    plan = plan_of(content, "long")
    pages = plan_pages(content, plan, {})
    shown = {chip.topic_id for page in pages for chip in page.chips}
    assert shown == set(plan.topic_ids)
    for page in pages:
        chips = page.chips
        for chip in chips:
            assert chip.x >= 0 and chip.x + chip.width <= page.width
            assert chip.y >= 0 and chip.y + chip.height <= page.legend_y
        for i, a in enumerate(chips):
            for b in chips[i + 1 :]:
                apart = a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y
                assert apart, (a.topic_id, b.topic_id)
    rows = [row for page in pages for row in page.rows]
    assert [r.first_week for r in rows] == sorted(r.first_week for r in rows)
    assert rows[0].first_week == 1 and rows[-1].last_week == len(plan.weeks), "rows cover every week, in order"


def test_a_short_plan_has_one_row_per_week_and_a_long_one_phases(content: Content) -> None:
    short = plan_of(content, "short")
    assert len(short.weeks) <= WEEK_ROWS
    assert [row.label for row in plan_pages(content, short, {})[0].rows] == [f"Week {w.number}" for w in short.weeks]
    long_rows = [row for page in plan_pages(content, plan_of(content, "long"), {}) for row in page.rows]
    assert all(row.label.startswith("Week") for row in long_rows)
    assert len(long_rows) < 100, "a seven-year plan is shown in phases, not 352 rows"


def test_prerequisites_are_named_on_the_chip_instead_of_drawn_as_arrows(content: Content) -> None:
    plan = plan_of(content, "medium")
    chips = [chip for page in plan_pages(content, plan, {}) for chip in page.chips]
    auth = next(c for c in chips if c.topic_id == "authorization")
    assert auth.after.startswith("after: Authentication")
    first = chips[0]
    assert first.after == "", "the first topic waits for nothing"


def test_states_colour_the_chips(content: Content) -> None:
    plan = plan_of(content, "short")
    progress = {plan.topic_ids[0]: "done", plan.topic_ids[1]: "skipped"}
    rows = plan_pages(content, plan, progress)[0].rows
    chips = {c.topic_id: c.state for row in rows for c in row.chips}
    assert chips[plan.topic_ids[0]] == "done" and chips[plan.topic_ids[1]] == "skipped"
    now = current_week(plan, progress)
    assert now is not None
    (current,) = [row for row in rows if row.current]
    assert current.first_week == now.number
    assert {c.state for c in current.chips if c.topic_id not in progress} == {"now"}
    assert chips[plan.topic_ids[-1]] == "later"


def test_an_empty_plan_still_renders_one_picture(content: Content) -> None:
    empty = Plan("staff", "staff", (), 5, ())
    files = plan_pictures(content, empty, {})
    assert len(files) == 1 and files[0].name == "learning-plan.png"
    decode(files[0].data)
