"""The assistant pane through the real Bolt app and the fake Slack Web API (bodies from bolt-python's tests)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from adapters.slack.assistant import SUGGESTED_PROMPTS, title_of
from adapters.sql.assistant_threads import AssistantThreads
from tests.slack.conftest import RecordingMentor
from tests.slack.fake_slack import FakeSlack, payload
from tests.slack.slack_http import SlackSender

CHANNEL, THREAD = "D111", "1726133698.626339"  # the assistant thread in the payloads


def question(text: str, *, event_id: str, ts: str = "1726133700.887259") -> dict[str, Any]:
    body = payload("slack_event_message_im_assistant_thread.json")
    body["event_id"] = event_id
    body["event"] |= {"text": text, "ts": ts, "event_ts": ts}
    return body  # type: ignore[no-any-return]


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``condition`` (database work no fake call announces) until it holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.01)


def blocks_text(call_params: dict[str, Any]) -> str:
    blocks = call_params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return json.dumps(blocks)


@pytest.mark.asyncio
async def test_opening_the_pane_greets_and_sets_the_suggested_prompts(slack: SlackSender, fake: FakeSlack) -> None:
    status, _ = await slack.event(payload("slack_event_assistant_thread_started.json"))
    assert status == 200
    [prompts] = await fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert (prompts.params["channel_id"], prompts.params["thread_ts"]) == (CHANNEL, THREAD)
    sent = prompts.params["prompts"]
    sent = json.loads(sent) if isinstance(sent, str) else sent
    assert [p["title"] for p in sent] == [
        "Plan my next month",
        "Quiz me",
        "What should I learn before Kubernetes?",
        "Explain idempotency",
    ]
    assert [p["message"] for p in sent] == [message for _, message in SUGGESTED_PROMPTS]
    [greeting] = fake.of("chat.postMessage")
    assert (greeting.params["channel"], greeting.params["thread_ts"]) == (CHANNEL, THREAD)
    assert "Backend Mentor" in greeting.params["text"]
    assert not fake.of("conversations.replies")


@pytest.mark.asyncio
async def test_a_question_in_the_thread_is_answered_there_with_a_status_and_a_title(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    await slack.event(payload("slack_event_assistant_thread_started.json"))
    await fake.wait_for("assistant.threads.setSuggestedPrompts")
    await slack.event(question("What is database indexing?", event_id="Ev201"))
    await fake.wait_for("chat.postMessage", 2)
    answer = fake.of("chat.postMessage")[1]
    assert (answer.params["channel"], answer.params["thread_ts"]) == (CHANNEL, THREAD)
    assert "index" in blocks_text(answer.params).lower()
    [status] = fake.of("assistant.threads.setStatus")
    assert (status.params["channel_id"], status.params["thread_ts"], status.params["status"]) == (
        CHANNEL,
        THREAD,
        "is thinking…",
    )
    assert status.at < answer.at  # shown while the core worked
    [title] = fake.of("assistant.threads.setTitle")
    assert title.params["title"] == "What is database indexing?"
    assert core.seen[-1].is_dm and core.seen[-1].thread == THREAD

    await slack.event(question("Explain idempotency", event_id="Ev202", ts="1726133710.000100"))
    await fake.wait_for("chat.postMessage", 3)
    assert len(fake.of("assistant.threads.setTitle")) == 1  # named after the first question only
    assert len(fake.of("assistant.threads.setStatus")) == 2
    assert not fake.of("conversations.replies")  # the context store is the database


@pytest.mark.asyncio
async def test_the_context_the_person_views_is_kept_in_the_database(
    slack: SlackSender, fake: FakeSlack, slack_engine: Engine
) -> None:
    await slack.event(payload("slack_event_assistant_thread_started.json"))
    await fake.wait_for("assistant.threads.setSuggestedPrompts")
    threads = AssistantThreads(slack_engine)
    started = threads.find(CHANNEL, THREAD)
    assert started is not None and started.context["channel_id"] == "C222" and started.user == "W222"
    changed = payload("slack_event_assistant_thread_context_changed.json") | {"event_id": "Ev300"}
    assert (await slack.event(changed))[0] == 200
    await eventually(lambda: (t := threads.find(CHANNEL, THREAD)) is not None and t.context["channel_id"] == "C333")
    assert not fake.of("conversations.replies") and not fake.of("chat.update")


@pytest.mark.asyncio
async def test_a_thread_reply_in_a_workspace_without_the_pane_is_answered_as_before(
    slack: SlackSender, fake: FakeSlack
) -> None:
    fake.fail_next("assistant.threads.setStatus", body={"ok": False, "error": "missing_scope"})
    await slack.event(question("What is caching?", event_id="Ev400"))  # no assistant_thread_started came first
    [answer] = await fake.wait_for("chat.postMessage")
    assert (answer.params["channel"], answer.params["thread_ts"]) == (CHANNEL, THREAD)
    assert not [c for c in fake.calls if c.method.startswith("assistant.threads.")]


@pytest.mark.asyncio
async def test_a_missing_scope_on_the_status_still_gets_the_answer(slack: SlackSender, fake: FakeSlack) -> None:
    await slack.event(payload("slack_event_assistant_thread_started.json"))
    await fake.wait_for("assistant.threads.setSuggestedPrompts")
    fake.fail_next("assistant.threads.setStatus", body={"ok": False, "error": "missing_scope"})
    await slack.event(question("What is caching?", event_id="Ev500"))
    await fake.wait_for("chat.postMessage", 2)
    assert fake.of("chat.postMessage")[1].params["thread_ts"] == THREAD


@pytest.mark.asyncio
async def test_a_repeated_delivery_is_answered_once(slack: SlackSender, fake: FakeSlack) -> None:
    await slack.event(payload("slack_event_assistant_thread_started.json"))
    await slack.event(payload("slack_event_assistant_thread_started.json"), retry=1)
    await fake.wait_for("assistant.threads.setSuggestedPrompts")
    await slack.event(question("What is caching?", event_id="Ev600"))
    await fake.wait_for("chat.postMessage", 2)
    assert len(fake.of("assistant.threads.setSuggestedPrompts")) == 1


def test_a_long_first_question_becomes_a_short_title() -> None:
    title = title_of("how do I   pick\nbetween " + "postgres and mysql " * 10)
    assert len(title) <= 80 and title.endswith("…") and "\n" not in title and "  " not in title
