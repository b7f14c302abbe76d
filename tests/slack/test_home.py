"""The App Home tab: the person's home published on ``app_home_opened``; a button pressed there, then the home again."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest

from adapters.slack.render import home_view
from bot.delivery.schedule import Schedule
from bot.messages import Button, Destination, Paragraph, Reply
from bot.plans import build_plan
from bot.ports import Store
from tests.slack.conftest import RecordingMentor
from tests.slack.fake_slack import FakeSlack, payload
from tests.slack.slack_http import SlackSender, home_click_body

ME = Destination("slack", "T111", user="W222")  # who opens the home in the payloads
GENERAL = Destination("slack", "T111", channel="C0123ABC")


def give_plan(core: RecordingMentor) -> list[str]:
    """A plan for W222, as if built in the DM; the topic ids of its first week."""
    plan = build_plan(core.content, level="mid", target="senior", focus=["caching"], known=[], hours_per_week=10)
    core.store.plans.save(ME.key, plan.to_dict(), datetime.now(UTC))
    return list(plan.weeks[0].topic_ids)


def subscribe(store: Store) -> None:
    store.schedules.save(Schedule("digest", GENERAL, (2,), time(10), "UTC", datetime.now(UTC), created_by="W111"))


def texts(view: dict[str, Any]) -> str:
    parts = []
    for block in view["blocks"]:
        if block["type"] in ("header", "section"):
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts.extend(e["text"] for e in block["elements"])
    return "\n".join(parts)


def buttons(view: dict[str, Any]) -> list[str]:
    return [e["value"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.asyncio
async def test_opening_the_home_shows_the_plan_progress_and_the_channel_digests(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    first, *_ = give_plan(core)
    subscribe(core.store)
    await slack.event(payload("slack_event_app_home_opened.json"))
    [publish] = await fake.wait_for("views.publish")
    view = publish.params["view"]
    assert publish.params["user_id"] == "W222"
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    shown = texts(view)
    assert "Your plan: mid → senior" in shown
    assert "] 0/" in shown and "topics done" in shown  # the progress bar
    assert "<#C0123ABC>: wed at 10:00 UTC" in shown
    assert "How to use me" in shown
    assert f"done {first}" in buttons(view)
    assert "digest unsubscribe <#C0123ABC>" in buttons(view)  # users.info's example user is an admin
    assert core.seen == []  # opening the home is not a message: nothing is answered, nothing counted


@pytest.mark.asyncio
async def test_a_member_sees_the_subscriptions_without_admin_actions(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    subscribe(core.store)
    fake.users["W222"] = {"is_admin": False, "is_owner": False, "is_primary_owner": False}
    await slack.event(payload("slack_event_app_home_opened.json"))
    [publish] = await fake.wait_for("views.publish")
    assert "<#C0123ABC>" in texts(publish.params["view"])
    assert not [b for b in buttons(publish.params["view"]) if b.startswith("digest unsubscribe")]


@pytest.mark.asyncio
async def test_a_button_on_the_home_updates_the_plan_and_republishes_it(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    first, *_ = give_plan(core)
    status, _ = await slack.post(home_click_body(f"done {first}"))
    assert status == 200

    [publish] = await fake.wait_for("views.publish")
    assert "] 1/" in texts(publish.params["view"])  # one step done
    assert f"done {first}" not in buttons(publish.params["view"])
    stored = core.store.plans.get(ME.key)
    assert stored is not None and stored.progress == {first: "done"}
    [clicked] = core.seen
    assert (clicked.text, clicked.is_click, clicked.user, clicked.workspace) == (f"done {first}", True, "W222", "T111")
    [answer] = fake.of("chat.postMessage")  # the answer itself goes to the DM (a home has no thread)
    assert answer.params["channel"] == "D069C7QFK"
    assert fake.calls.index(answer) < fake.calls.index(publish)  # the core answered before the home was redrawn


@pytest.mark.asyncio
async def test_an_admin_unsubscribes_a_channel_from_the_home(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    subscribe(core.store)
    await slack.post(home_click_body("digest unsubscribe <#C0123ABC>"))
    [publish] = await fake.wait_for("views.publish")
    assert core.store.schedules.get("digest", GENERAL) is None
    assert "<#C0123ABC>" not in texts(publish.params["view"])
    assert "None yet." in texts(publish.params["view"])


@pytest.mark.asyncio
async def test_check_ins_turn_on_from_the_home(slack: SlackSender, fake: FakeSlack, core: RecordingMentor) -> None:
    give_plan(core)
    await slack.post(home_click_body("checkin on"))
    [publish] = await fake.wait_for("views.publish")
    assert core.store.schedules.get("checkin", ME) is not None
    assert "Weekly check-in: mon at 09:00 America/Los_Angeles" in texts(publish.params["view"])  # the user's zone
    assert "checkin off" in buttons(publish.params["view"])


def test_a_home_too_long_for_one_view_keeps_its_heading_buttons_and_footer() -> None:
    reply = Reply(
        heading="Backend Mentor",
        blocks=tuple(Paragraph(f"line {i}") for i in range(150)),
        buttons=(Button("Help", "help"),),
        footer="the footer",
    )
    view = home_view(reply)
    kinds = [b["type"] for b in view["blocks"]]
    assert len(kinds) == 100
    assert kinds[0] == "header"
    assert kinds[-3:] == ["divider", "actions", "context"]
    assert "shortened" in view["blocks"][-4]["text"]["text"]
