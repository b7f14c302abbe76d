"""Slack surfaces end to end: signed HTTP requests to the served app, answers arriving at the fake Slack."""

from __future__ import annotations

import asyncio
import io
import json
import time
from typing import Any

import aiohttp
import pytest
from sqlalchemy import Engine

from adapters.settings import Settings
from tests.slack.conftest import RecordingMentor, served
from tests.slack.fake_slack import RESPONSE_URL, FakeSlack, payload
from tests.slack.slack_http import SlackSender, command_body, dm_body, mention_body, signed_headers


def texts(blocks: list[dict[str, Any]], kind: str) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == kind]


def button_values(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def everything_posted(fake: FakeSlack) -> str:
    return " ".join(c.body.decode() for c in fake.calls if c.method in (RESPONSE_URL, "chat.postMessage"))


@pytest.mark.asyncio
async def test_slash_help_is_acked_at_once_then_answered_privately(slack: SlackSender, fake: FakeSlack) -> None:
    started = time.perf_counter()
    status, body = await slack.command("help")
    assert (status, body) == (200, "")
    assert time.perf_counter() - started < 1.0

    [answer] = await fake.wait_for(RESPONSE_URL)
    assert answer.params["response_type"] == "ephemeral"
    assert answer.params["replace_original"] is False
    assert texts(answer.params["blocks"], "header") == ["Backend Mentor"]
    assert "topics" in button_values(answer.params["blocks"])
    assert "ask &lt;question&gt;" in answer.params["text"]  # the fallback text, escaped for mrkdwn


@pytest.mark.asyncio
async def test_slash_ask_answers_with_the_topic_card(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    await slack.command("ask what is caching")
    [answer] = await fake.wait_for(RESPONSE_URL)
    assert "Caching" in texts(answer.params["blocks"], "header")[0]
    assert any(b["type"] == "divider" for b in answer.params["blocks"])
    [incoming] = core.seen
    assert (incoming.platform, incoming.workspace, incoming.channel, incoming.user) == ("slack", "T111", "C111", "W111")
    assert incoming.text == "ask what is caching"
    assert incoming.is_dm is False


@pytest.mark.asyncio
async def test_mention_is_answered_in_a_thread(slack: SlackSender, fake: FakeSlack, core: RecordingMentor) -> None:
    status, _ = await slack.event(mention_body("what is caching"))
    assert status == 200
    [post] = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C111"
    assert post.params["thread_ts"] == "1595926230.009600"  # the mention's own ts starts the thread
    assert "Caching" in texts(post.params["blocks"], "header")[0]
    assert core.seen[0].text == "what is caching"  # the bot's own mention is not part of the question
    assert core.seen[0].thread == "1595926230.009600"


@pytest.mark.asyncio
async def test_dm_is_answered_in_the_dm(slack: SlackSender, fake: FakeSlack, core: RecordingMentor) -> None:
    await slack.event(dm_body("redis vs memcached"))
    [post] = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "D111"
    assert "thread_ts" not in post.params
    assert "Redis" in texts(post.params["blocks"], "header")[0]
    assert core.seen[0].is_dm is True


@pytest.mark.asyncio
async def test_bot_messages_and_edits_in_a_dm_are_not_answered(slack: SlackSender, fake: FakeSlack) -> None:
    from_bot = dm_body("hello", event_id="EvBot")
    from_bot["event"]["bot_id"] = "B999"
    edit = dm_body("hello", event_id="EvEdit")
    edit["event"]["subtype"] = "message_changed"
    for body in (from_bot, edit):
        assert (await slack.event(body))[0] == 200
    await slack.event(dm_body("help", event_id="EvLast"))
    [post] = await fake.wait_for("chat.postMessage")
    assert texts(post.params["blocks"], "header") == ["Backend Mentor"]


@pytest.mark.asyncio
async def test_button_click_sends_the_button_command(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    status, _ = await slack.click("topics")
    assert status == 200
    [answer] = await fake.wait_for(RESPONSE_URL)
    assert answer.path == "/actions/T111/111/random-value"
    assert texts(answer.params["blocks"], "header") == ["Areas of backend engineering"]
    assert core.seen[0].is_click is True
    assert core.seen[0].text == "topics"


@pytest.mark.asyncio
async def test_a_retried_event_is_answered_once(slack: SlackSender, fake: FakeSlack) -> None:
    body = mention_body("what is caching", event_id="EvRetry")
    await slack.event(body)
    await fake.wait_for("chat.postMessage")
    assert (await slack.event(body, retry=1))[0] == 200
    await slack.event(dm_body("help", event_id="EvAfter"))
    await fake.wait_for("chat.postMessage", count=2)
    await asyncio.sleep(0.2)
    assert [c.params["channel"] for c in fake.of("chat.postMessage")] == ["C111", "D111"]


@pytest.mark.asyncio
async def test_a_retry_reaching_another_web_process_is_not_answered_again(
    core: RecordingMentor, settings: Settings, slack_engine: Engine, fake: FakeSlack
) -> None:
    body = mention_body("what is caching", event_id="EvTwoProcesses")
    async with (
        served(core, settings, slack_engine) as first,
        served(core, settings, slack_engine) as second,
        SlackSender(first, fake) as a,
        SlackSender(second, fake) as b,
    ):
        await a.event(body)
        await fake.wait_for("chat.postMessage")
        assert (await b.event(body, retry=1))[0] == 200
        await asyncio.sleep(0.3)
    assert len(fake.of("chat.postMessage")) == 1


@pytest.mark.asyncio
async def test_channel_broadcasts_in_a_question_never_reach_slack_raw(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    await slack.command("what is &lt;!channel&gt; caching &amp; <!here> <@U0123>")
    await fake.wait_for(RESPONSE_URL)
    assert core.seen[0].text == "what is <!channel> caching & <!here> <@U0123>"  # the core gets what was typed
    posted = everything_posted(fake)
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U0123>"):
        assert raw not in posted


@pytest.mark.asyncio
async def test_a_bad_signature_is_refused(slack: SlackSender, fake: FakeSlack, core: RecordingMentor) -> None:
    status, _ = await slack.post(command_body(fake, "help"), secret="not-the-secret")
    assert status == 401
    await asyncio.sleep(0.1)
    assert core.seen == []
    assert fake.of(RESPONSE_URL) == []


@pytest.mark.asyncio
async def test_an_oversized_request_is_refused_before_it_is_parsed(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    body = command_body(fake, "ask " + "x" * 2_000_000)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{slack.url}/slack/events", data=io.BytesIO(body.encode()), headers=headers) as response,
    ):
        status = response.status
    assert status == 413
    await asyncio.sleep(0.1)
    assert core.seen == []
    assert fake.of(RESPONSE_URL) == []


@pytest.mark.asyncio
async def test_a_request_older_than_five_minutes_is_refused(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    status, _ = await slack.post(command_body(fake, "help"), timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    await asyncio.sleep(0.1)
    assert core.seen == []


@pytest.mark.asyncio
async def test_the_admin_flag_time_zone_and_locale_come_from_users_info(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    fake.users["W999"] = {"is_admin": False, "is_owner": False, "is_primary_owner": False, "tz": "Europe/Berlin"}
    await slack.command("help", user="W111", name="admin")
    await slack.command("help", user="W999", name="member")
    await fake.wait_for(RESPONSE_URL, count=2)
    by_user = {i.user: i for i in core.seen}
    assert by_user["W111"].is_admin is True  # users.info's example user is a workspace admin
    assert by_user["W999"].is_admin is False
    assert by_user["W999"].timezone == "Europe/Berlin"
    assert by_user["W111"].timezone == "America/Los_Angeles"
    assert by_user["W111"].locale == "en-US"
    assert by_user["W111"].display_name == "spengler"

    await slack.command("help", user="W111", name="again")
    await fake.wait_for(RESPONSE_URL, count=3)
    assert len(fake.of("users.info")) == 2  # cached: no second lookup for W111


@pytest.mark.asyncio
async def test_a_429_on_the_response_url_is_waited_out(slack: SlackSender, fake: FakeSlack) -> None:
    fake.rate_limit_next(RESPONSE_URL, retry_after=1)
    await slack.command("help")
    attempts = await fake.wait_for(RESPONSE_URL, count=2)
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert texts(attempts[1].params["blocks"], "header") == ["Backend Mentor"]


@pytest.mark.asyncio
async def test_a_429_on_chat_post_message_is_waited_out(slack: SlackSender, fake: FakeSlack) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=1)
    await slack.event(dm_body("help"))
    attempts = await fake.wait_for("chat.postMessage", count=2)
    assert [a.status for a in attempts] == [429, 200]


@pytest.mark.asyncio
async def test_url_verification_and_health(slack: SlackSender) -> None:
    challenge = payload("slack_url_verification.json")
    status, body = await slack.post(json.dumps(challenge), "application/json")
    assert (status, json.loads(body)) == (200, {"challenge": challenge["challenge"]})
    assert (await slack.get("/healthz"))[0] == 200


@pytest.mark.asyncio
async def test_a_non_admin_is_refused_a_channel_digest_and_an_admin_posts_one_publicly(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor
) -> None:
    fake.users["W999"] = {"is_admin": False, "is_owner": False, "is_primary_owner": False}
    await slack.command("digest subscribe <#C0123ABC|general> mon 09:00", user="W999", name="member")
    [refused] = await fake.wait_for(RESPONSE_URL)
    assert refused.params["response_type"] == "ephemeral"
    assert "admin" in refused.params["text"].lower()

    await slack.command("digest now", user="W111", name="admin")  # users.info: an admin
    [_, posted] = await fake.wait_for(RESPONSE_URL, count=2)
    assert posted.params["response_type"] == "in_channel"  # a public post: the reply is not private
    assert [i.is_admin for i in core.seen] == [False, True]


@pytest.mark.asyncio
async def test_slash_digest_preview_shows_the_digest_privately(slack: SlackSender, fake: FakeSlack) -> None:
    await slack.command("digest preview")
    [preview] = await fake.wait_for(RESPONSE_URL)
    assert preview.params["response_type"] == "ephemeral"
    assert [b for b in preview.params["blocks"] if b["type"] == "section"]


@pytest.mark.asyncio
async def test_uninstalling_or_revoking_the_bot_token_is_reported_once(
    core: RecordingMentor, settings: Settings, slack_engine: Engine, fake: FakeSlack
) -> None:
    gone: list[str] = []

    async def on_uninstalled(team: str) -> None:
        gone.append(team)

    uninstalled = payload("slack_event_app_uninstalled.json")
    revoked = payload("slack_event_tokens_revoked.json") | {"event_id": "EvRevoked"}
    only_user_token = payload("slack_event_tokens_revoked.json") | {"event_id": "EvUserToken"}
    only_user_token["event"]["tokens"] = {"oauth": ["UXXXXXXXX"]}
    async with served(core, settings, slack_engine, on_uninstalled) as url, SlackSender(url, fake) as slack:
        for body in (uninstalled, revoked, only_user_token):
            assert (await slack.event(body))[0] == 200
        assert (await slack.event(uninstalled, retry=1))[0] == 200
        for _ in range(100):
            if len(gone) >= 2:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
    assert gone == ["T111", "T111"]  # the uninstall and the bot-token revocation; not the retry, not the user token
