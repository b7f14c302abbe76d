"""Feedback through the real Bolt app and a fake Slack: native 👍 / 👎, and a human mentor after confirmation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, text

from adapters.sql.store import SqlStore
from tests.slack.conftest import RecordingMentor
from tests.slack.fake_slack import RESPONSE_URL, FakeSlack, payload
from tests.slack.slack_http import SlackSender, dm_body


def feedback_click(fake: FakeSlack, value: str) -> str:
    """A click on a ``feedback_buttons`` element, as Slack sends it (block_actions, the clicked button's value)."""
    body = payload("slack_block_actions.json")
    body["response_url"] = fake.response_url("actions/T111/111/random-value")
    body["actions"] = [
        {
            "type": "feedback_buttons",
            "action_id": "mentor-feedback",
            "block_id": "fb1",
            "text": {"type": "plain_text", "text": "👍", "emoji": True},
            "value": value,
            "action_ts": "1759000000.000100",
        }
    ]
    return f"payload={quote(json.dumps(body))}"


def feedback_element(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    [block] = [b for b in blocks if b["type"] == "context_actions"]
    [element] = block["elements"]
    return element  # type: ignore[no-any-return]


def votes(engine: Engine) -> list[tuple[int, str, int]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT answer_id, user_id, vote FROM answer_votes")).all()
    return [(int(a), str(u), int(v)) for a, u, v in rows]


@pytest.mark.asyncio
async def test_answers_carry_native_feedback_buttons_and_a_click_is_stored_once_then_toggled(
    slack: SlackSender, fake: FakeSlack, slack_engine: Engine
) -> None:
    await slack.event(dm_body("what is caching"))
    [post] = await fake.wait_for("chat.postMessage")
    element = feedback_element(post.params["blocks"])
    assert element["type"] == "feedback_buttons"
    up = element["positive_button"]["value"]
    assert up.startswith("vote up ") and element["negative_button"]["value"].startswith("vote down ")
    answer_id = int(up.rsplit(" ", 1)[1])

    await slack.post(feedback_click(fake, up))
    await fake.wait_for(RESPONSE_URL)
    assert votes(slack_engine) == [(answer_id, "W111", 1)]
    await slack.post(feedback_click(fake, up))
    await fake.wait_for(RESPONSE_URL, count=2)
    assert votes(slack_engine) == [(answer_id, "W111", 0)]


@pytest.mark.asyncio
async def test_a_question_reaches_the_mentors_channel_only_after_confirmation(
    slack: SlackSender, fake: FakeSlack, slack_engine: Engine, core: RecordingMentor
) -> None:
    SqlStore(slack_engine).feedback.set_setting(
        "slack", "T111", "mentors_channel", "C999", by="W000", at=datetime.now(UTC)
    )
    await slack.event(dm_body("how do I bake sourdough bread"))
    [post] = await fake.wait_for("chat.postMessage")
    values = [e["value"] for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    escalate = next(v for v in values if v.startswith("escalate "))

    asker = core.seen[-1].user
    await slack.click(escalate, user=asker)
    [confirm] = await fake.wait_for(RESPONSE_URL)
    assert "C999" in json.dumps(confirm.params["blocks"])
    assert [c for c in fake.calls if c.method == "chat.postMessage" and c.params.get("channel") == "C999"] == []

    await slack.click(f"{escalate} confirm", user=asker)
    [to_mentors] = [c for c in await fake.wait_for("chat.postMessage", count=2) if c.params["channel"] == "C999"]
    assert "how do I bake sourdough bread" in to_mentors.params["text"]
    assert core.seen[-1].text == f"{escalate} confirm"
