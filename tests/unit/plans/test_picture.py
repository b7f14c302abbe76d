import io

import pytest
from PIL import Image

from bot.content import Content
from bot.plans import Plan, Week, build_plan, current_week
from bot.plans.layout import plan_layout
from bot.plans.picture import plan_picture, render_plan_png


def decode(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


def first_weeks(plan: Plan, count: int) -> Plan:
    return Plan(plan.level, plan.target, plan.focus, plan.hours_per_week, plan.weeks[:count])


@pytest.fixture(scope="module")
def long_plan(content: Content) -> Plan:
    plan = build_plan(content, level="junior", target="staff", focus=[], known=[], hours_per_week=8)
    assert len(plan.weeks) >= 40
    return plan


def test_the_picture_is_a_png_whose_size_grows_with_the_weeks(content: Content, long_plan: Plan) -> None:
    sizes = []
    for weeks in (1, 4, 12, 40):
        image = decode(render_plan_png(content, first_weeks(long_plan, weeks), {}))
        sizes.append(image.size)
    areas = [w * h for w, h in sizes]
    assert areas == sorted(areas) and len(set(areas)) == len(areas)
    assert all(w <= 2000 for w, _ in sizes), "long plans wrap into bands instead of growing forever sideways"


def test_one_box_per_topic_inside_the_picture(content: Content, long_plan: Plan) -> None:
    plan = first_weeks(long_plan, 40)
    progress = {plan.topic_ids[0]: "done", plan.topic_ids[1]: "skipped"}
    layout = plan_layout(content, plan, progress)
    assert [b.topic_id for b in layout.boxes] == list(plan.topic_ids)
    assert len(layout.columns) == len(plan.weeks)
    states = {b.topic_id: b.state for b in layout.boxes}
    assert states[plan.topic_ids[0]] == "done" and states[plan.topic_ids[1]] == "skipped"
    now = current_week(plan, progress)
    assert now is not None
    assert {states[t] for t in now.topic_ids if t not in progress} == {"now"}
    assert states[plan.topic_ids[-1]] == "later"
    for box in layout.boxes:
        assert box.x >= 0 and box.x + box.width <= layout.width
        assert box.y >= 0 and box.y + box.height <= layout.legend_y
    image = decode(render_plan_png(content, plan, progress))
    assert image.size == (layout.width, layout.height)


def test_boxes_never_overlap(content: Content, long_plan: Plan) -> None:
    boxes = plan_layout(content, long_plan, {}).boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y
            assert apart, (a.topic_id, b.topic_id)


def test_arrows_link_prerequisites_within_the_plan(content: Content, long_plan: Plan) -> None:
    plan = first_weeks(long_plan, 20)
    layout = plan_layout(content, plan, {})
    in_plan = set(plan.topic_ids)
    assert layout.arrows
    for arrow in layout.arrows:
        assert arrow.source in content.topics[arrow.target].prerequisites
        assert {arrow.source, arrow.target} <= in_plan
        assert len(arrow.points) >= 2
        assert all(0 <= x <= layout.width and 0 <= y <= layout.height for x, y in arrow.points)


def test_a_busy_week_and_an_empty_plan_render(content: Content) -> None:
    busy = build_plan(content, level="junior", target="mid", focus=[], known=[], hours_per_week=40)
    decode(render_plan_png(content, busy, {}))
    empty = Plan("staff", "staff", (), 5, ())
    assert plan_layout(content, empty, {}).boxes == ()
    decode(render_plan_png(content, empty, {}))


def test_the_attachment_has_a_name_and_alt_text(content: Content) -> None:
    plan = Plan("junior", "mid", (), 5, (Week(1, 4, ("sql",)),))
    file = plan_picture(content, plan, {"sql": "done"})
    assert file.name.endswith(".png")
    assert file.alt_text == "Learning plan from junior to mid: 1 topic over 1 week, 1 done."
    decode(file.data)
