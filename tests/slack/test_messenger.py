"""``SlackMessenger``: scheduled sends through the Web API, with failures reported by kind (never slept on)."""

from __future__ import annotations

import socket
import struct
import time
import zlib
from datetime import UTC, datetime

import pytest

from adapters.settings import Settings
from adapters.slack.clients import http_session
from adapters.slack.messenger import SlackMessenger
from bot.messages import Destination, FileAttachment, Paragraph, Reply
from bot.ports import Presence, SendOutcome
from tests.slack.conftest import slack_settings
from tests.slack.fake_slack import UPLOAD, FakeSlack

CHANNEL = Destination("slack", "T111", channel="C0123AB4CDE")
DIGEST = Reply(heading="Weekly digest", blocks=(Paragraph("Three things to read this week."),), private=False)
KEY = "0123456789abcdef0123"


def tiny_png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.asyncio
async def test_a_digest_is_posted_to_its_channel(fake: FakeSlack, settings: Settings) -> None:
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.DELIVERED
    [post] = fake.of("chat.postMessage")
    assert post.params["channel"] == "C0123AB4CDE"
    assert post.params["blocks"][0]["text"]["text"] == "Weekly digest"
    assert post.headers["Authorization"] == "Bearer xoxb-test-token"


@pytest.mark.asyncio
async def test_a_check_in_goes_to_the_users_dm(fake: FakeSlack, settings: Settings) -> None:
    result = await SlackMessenger.from_settings(settings).send(Destination("slack", "T111", user="W222"), DIGEST, KEY)
    assert result.outcome is SendOutcome.DELIVERED
    [opened] = fake.of("conversations.open")
    assert opened.params["users"] == "W222"
    assert fake.of("chat.postMessage")[0].params["channel"] == "D069C7QFK"  # the id conversations.open returned


@pytest.mark.asyncio
async def test_a_picture_is_uploaded_through_the_v2_flow(fake: FakeSlack, settings: Settings) -> None:
    png = tiny_png()
    reply = Reply(heading="Your plan", files=(FileAttachment("plan.png", png, "A plan with 3 of 10 topics done"),))
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, reply, KEY)
    assert result.outcome is SendOutcome.DELIVERED
    [ticket] = fake.of("files.getUploadURLExternal")
    assert ticket.params["filename"] == "plan.png"
    assert int(ticket.params["length"]) == len(png)
    assert ticket.params["alt_txt"] == "A plan with 3 of 10 topics done"
    [upload] = fake.of(UPLOAD)
    assert upload.path == "/upload/v1/F123ABC456"
    assert png in upload.body  # the bytes themselves
    [complete] = fake.of("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0123AB4CDE"
    assert "F123ABC456" in str(complete.params["files"])
    order = [c.method for c in fake.calls]
    assert order.index("chat.postMessage") < order.index("files.getUploadURLExternal")


@pytest.mark.asyncio
async def test_a_rate_limit_is_reported_with_retry_after_not_slept_on(fake: FakeSlack, settings: Settings) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=30)
    started = time.perf_counter()
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.RATE_LIMITED
    assert result.retry_after == 30
    assert time.perf_counter() - started < 2
    assert len(fake.of("chat.postMessage")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        ("channel_not_found", SendOutcome.GONE),
        ("is_archived", SendOutcome.GONE),
        ("account_inactive", SendOutcome.GONE),
        ("not_in_channel", SendOutcome.FORBIDDEN),
        ("cannot_dm_bot", SendOutcome.FORBIDDEN),
        ("invalid_blocks", SendOutcome.INVALID),
        ("invalid_auth", SendOutcome.NOT_SENT),
    ],
)
async def test_a_refusal_is_reported_by_kind(
    fake: FakeSlack, settings: Settings, error: str, outcome: SendOutcome
) -> None:
    fake.fail_next("chat.postMessage", body={"ok": False, "error": error})
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST, KEY)
    assert (result.outcome, result.detail) == (outcome, error)


@pytest.mark.asyncio
async def test_a_closed_dm_is_reported_gone(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("conversations.open", body={"ok": False, "error": "user_disabled"})
    result = await SlackMessenger.from_settings(settings).send(Destination("slack", "T111", user="W222"), DIGEST, KEY)
    assert result.outcome is SendOutcome.GONE


@pytest.mark.asyncio
async def test_a_server_error_is_an_unknown_outcome(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("chat.postMessage", status=500, body={"ok": False, "error": "internal_error"})
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.UNKNOWN  # Slack may have posted it before failing


@pytest.mark.asyncio
async def test_slack_out_of_reach_is_not_sent(fake: FakeSlack) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = slack_settings(fake, slack_api_url=f"http://127.0.0.1:{closed_port}/api/")
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.NOT_SENT


@pytest.mark.asyncio
async def test_a_long_reply_cut_short_is_not_sent_again_in_full(fake: FakeSlack, settings: Settings) -> None:
    long_digest = Reply(heading="Digest", blocks=tuple(Paragraph(f"item {i}") for i in range(80)), private=False)
    fake.rate_limit_next("chat.postMessage", retry_after=30, after=1)  # the second of two messages
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, long_digest, KEY)
    assert result.outcome is SendOutcome.DELIVERED  # a retry would post the first part twice
    assert "partial" in result.detail
    assert [c.status for c in fake.of("chat.postMessage")] == [200, 429]


@pytest.mark.asyncio
async def test_a_post_carries_its_key_and_find_sees_it(fake: FakeSlack, settings: Settings) -> None:
    messenger = SlackMessenger.from_settings(settings)
    before = datetime.now(UTC)
    assert (await messenger.send(CHANNEL, DIGEST, KEY)).outcome is SendOutcome.DELIVERED
    [post] = fake.of("chat.postMessage")
    assert post.params["metadata"] == {"event_type": "mentor_delivery", "event_payload": {"key": KEY, "part": 0}}
    assert (await messenger.find(CHANNEL, KEY, before)).presence is Presence.FOUND
    assert (await messenger.find(CHANNEL, "another-key", before)).presence is Presence.ABSENT
    [history, _] = fake.of("conversations.history")
    assert history.params["include_all_metadata"] in (True, "1", "true")


@pytest.mark.asyncio
async def test_a_connection_dropped_after_the_post_is_unknown_and_find_tells(
    fake: FakeSlack, settings: Settings
) -> None:
    messenger = SlackMessenger.from_settings(settings)
    before = datetime.now(UTC)
    fake.drop_next("chat.postMessage")
    result = await messenger.send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.UNKNOWN
    assert fake.posts_to(CHANNEL.channel or "") == 1
    assert (await messenger.find(CHANNEL, KEY, before)).presence is Presence.FOUND


@pytest.mark.asyncio
async def test_a_hung_call_ends_as_unknown_within_the_timeout_on_a_shared_session(fake: FakeSlack) -> None:
    settings = slack_settings(fake, mentor_http_timeout_seconds=0.5)
    fake.hang_next("chat.postMessage")
    async with http_session(settings) as session:
        started = time.perf_counter()
        result = await SlackMessenger.from_settings(settings, session).send(CHANNEL, DIGEST, KEY)
    assert result.outcome is SendOutcome.UNKNOWN
    assert time.perf_counter() - started < 3


@pytest.mark.asyncio
async def test_find_without_the_history_scope_cannot_tell_and_says_why(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("conversations.history", body={"ok": False, "error": "missing_scope"})
    found = await SlackMessenger.from_settings(settings).find(CHANNEL, KEY, datetime.now(UTC))
    assert found.presence is Presence.CANNOT_TELL and found.retry_after == 0
    assert "channels:history" in found.detail and "reinstall" in found.detail


@pytest.mark.asyncio
async def test_find_stops_when_the_workspace_budget_is_spent(fake: FakeSlack, settings: Settings) -> None:
    messenger = SlackMessenger.from_settings(settings.model_copy(update={"mentor_slack_checks_per_minute": 2}))
    since = datetime.now(UTC)
    for _ in range(2):
        assert (await messenger.find(CHANNEL, KEY, since)).presence is Presence.ABSENT
    spent = await messenger.find(CHANNEL, KEY, since)
    assert spent.presence is Presence.CANNOT_TELL and 0 < spent.retry_after <= 30
    assert len(fake.of("conversations.history")) == 2
    other = Destination("slack", "T999", channel="C1")
    assert (await messenger.find(other, KEY, since)).presence is Presence.ABSENT  # budgets are per workspace
