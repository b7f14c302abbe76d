"""The HTTP edge under hostile requests: 401 unverifiable, 400 malformed, 200 and one line for the unhandled."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import quote, urlencode

import pytest

from tests.slack.fake_slack import FakeSlack, payload
from tests.slack.slack_http import FORM, SlackSender, command_body, signed_headers

JSON = "application/json"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def unsigned(body: str, **headers: str) -> dict[str, str]:
    return {"Content-Type": FORM, **headers}


async def raw_post(slack: SlackSender, body: str, headers: dict[str, str]) -> tuple[int, str]:
    assert slack._session is not None
    async with slack._session.post(f"{slack.url}/slack/events", data=body, headers=headers) as r:
        return r.status, await r.text()


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the app logged at INFO and above (uvicorn's access log aside)."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and r.name != "uvicorn.access"]


def assert_quiet(caplog: pytest.LogCaptureFixture) -> None:
    """No traceback and nothing at ERROR, whatever was sent."""
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert record.levelno < logging.ERROR, record.getMessage()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Request-Timestamp": "٣٣٣", "X-Slack-Signature": "v0=00"},
        {"X-Slack-Signature": "v0=00"},
        {},
        {"X-Slack-Request-Timestamp": "99999999999999999999999999", "X-Slack-Signature": "v0=00"},
    ],
)
async def test_a_request_whose_signature_cannot_be_verified_gets_401(
    slack: SlackSender, fake: FakeSlack, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = command_body(fake, "help")
    assert (await raw_post(slack, body, unsigned(body, **headers)))[0] == 401
    assert_quiet(caplog)


@pytest.mark.asyncio
async def test_a_wrong_or_stale_signature_gets_401(
    slack: SlackSender, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    body = command_body(fake, "help")
    assert (await slack.post(body, secret="wrong"))[0] == 401
    assert (await slack.post(body, timestamp=int(time.time()) - 600))[0] == 401
    assert fake.of("users.info") == []
    assert_quiet(caplog)


MALFORMED = [
    ("{not json", JSON),
    ("[]", JSON),
    ('"a string"', JSON),
    ("null", JSON),
    ("42", JSON),
    ("", JSON),
    (deep(100_000), JSON),
    ('{"a":' * 100_000 + "1" + "}" * 100_000, JSON),
    ("payload=" + quote("{not json"), FORM),
    ("payload=" + quote("[1, 2]"), FORM),
    ("payload=" + quote("null"), FORM),
    ("payload=" + quote(deep(100_000)), FORM),
    ("payload=", FORM),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("body", "content_type"), MALFORMED, ids=[f"{i}" for i in range(len(MALFORMED))])
async def test_a_signed_but_malformed_body_gets_400(
    slack: SlackSender, body: str, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await slack.post(body, content_type)
    assert status == 400
    assert_quiet(caplog)


UNHANDLED = [
    payload("slack_event_app_mention.json") | {"event": {"type": "app_mention", "text": "hi", "channel": "C1"}},
    payload("slack_event_message_im.json") | {"event": {"type": "message", "channel_type": "im", "text": "hi"}},
    payload("slack_event_app_mention.json") | {"event": {"type": "reaction_added", "reaction": "tada"}},
    payload("slack_event_app_home_opened.json") | {"event": {"type": "app_home_opened", "tab": "home"}},
    payload("slack_event_app_mention.json") | {"event": {}},
    payload("slack_event_app_mention.json") | {"event": "a string"},
    payload("slack_event_app_mention.json") | {"type": "something_new"},
]


@pytest.mark.asyncio
@pytest.mark.parametrize("body", UNHANDLED, ids=[f"{i}" for i in range(len(UNHANDLED))])
async def test_a_signed_event_the_bot_does_not_handle_gets_200_and_one_info_line(
    slack: SlackSender, fake: FakeSlack, body: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    started = time.perf_counter()
    status, _ = await slack.post(json.dumps(body), JSON)
    assert status == 200
    assert time.perf_counter() - started < 1.0
    assert fake.of("chat.postMessage") == []
    assert_quiet(caplog)
    assert lines(caplog) == ["slack request not handled"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "fields",
    [
        {"command": "/mentor", "text": "help"},  # no user_id
        {"command": "/mentor", "text": "help", "user_id": ""},
        {"text": "help", "user_id": "W1"},  # no command
    ],
)
async def test_a_signed_command_without_a_person_gets_200_and_one_info_line(
    slack: SlackSender, fake: FakeSlack, fields: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    base = payload("slack_slash_command.fields.json")
    body = {k: v for k, v in base.items() if k not in {"user_id", "command"}} | fields
    status, _ = await slack.post(urlencode(body))
    assert status == 200
    assert_quiet(caplog)
    assert lines(caplog) == ["slack request not handled"]
    assert fake.of("users.info") == []


@pytest.mark.asyncio
async def test_a_click_without_a_person_gets_200_and_one_info_line(
    slack: SlackSender, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = payload("slack_block_actions.json")
    del body["user"]
    body["actions"][0] |= {"action_id": "mentor-0", "value": "help"}
    status, _ = await slack.post(f"payload={quote(json.dumps(body))}")
    assert status == 200
    assert_quiet(caplog)
    assert lines(caplog) == ["slack request not handled"]


@pytest.mark.asyncio
async def test_the_url_verification_challenge_still_works(slack: SlackSender) -> None:
    status, text = await slack.post(json.dumps(payload("slack_url_verification.json")), JSON)
    assert status == 200 and json.loads(text)["challenge"] == payload("slack_url_verification.json")["challenge"]


def test_signed_headers_helper_matches_slack() -> None:
    assert signed_headers("x", timestamp=1)["X-Slack-Request-Timestamp"] == "1"
