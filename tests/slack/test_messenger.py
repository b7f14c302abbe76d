"""``SlackMessenger``: scheduled sends through the Web API, with failures reported by kind (never slept on)."""

from __future__ import annotations

import socket
import struct
import time
import zlib

import pytest

from adapters.settings import Settings
from adapters.slack.messenger import SlackMessenger
from bot.messages import Destination, FileAttachment, Paragraph, Reply
from bot.ports import SendOutcome
from tests.slack.conftest import slack_settings
from tests.slack.fake_slack import UPLOAD, FakeSlack

CHANNEL = Destination("slack", "T111", channel="C0123AB4CDE")
DIGEST = Reply(heading="Weekly digest", blocks=(Paragraph("Three things to read this week."),), private=False)


def tiny_png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.asyncio
async def test_a_digest_is_posted_to_its_channel(fake: FakeSlack, settings: Settings) -> None:
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST)
    assert result.outcome is SendOutcome.DELIVERED
    [post] = fake.of("chat.postMessage")
    assert post.params["channel"] == "C0123AB4CDE"
    assert post.params["blocks"][0]["text"]["text"] == "Weekly digest"
    assert post.headers["Authorization"] == "Bearer xoxb-test-token"


@pytest.mark.asyncio
async def test_a_check_in_goes_to_the_users_dm(fake: FakeSlack, settings: Settings) -> None:
    result = await SlackMessenger.from_settings(settings).send(Destination("slack", "T111", user="W222"), DIGEST)
    assert result.outcome is SendOutcome.DELIVERED
    [opened] = fake.of("conversations.open")
    assert opened.params["users"] == "W222"
    assert fake.of("chat.postMessage")[0].params["channel"] == "D069C7QFK"  # the id conversations.open returned


@pytest.mark.asyncio
async def test_a_picture_is_uploaded_through_the_v2_flow(fake: FakeSlack, settings: Settings) -> None:
    png = tiny_png()
    reply = Reply(heading="Your plan", files=(FileAttachment("plan.png", png, "A plan with 3 of 10 topics done"),))
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, reply)
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
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST)
    assert result.outcome is SendOutcome.RATE_LIMITED
    assert result.retry_after == 30
    assert time.perf_counter() - started < 2
    assert len(fake.of("chat.postMessage")) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "error", ["channel_not_found", "is_archived", "not_in_channel", "account_inactive", "cannot_dm_bot"]
)
async def test_a_destination_that_is_gone_is_reported_gone(fake: FakeSlack, settings: Settings, error: str) -> None:
    fake.fail_next("chat.postMessage", body={"ok": False, "error": error})
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST)
    assert (result.outcome, result.detail) == (SendOutcome.GONE, error)


@pytest.mark.asyncio
async def test_a_closed_dm_is_reported_gone(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("conversations.open", body={"ok": False, "error": "user_disabled"})
    result = await SlackMessenger.from_settings(settings).send(Destination("slack", "T111", user="W222"), DIGEST)
    assert result.outcome is SendOutcome.GONE


@pytest.mark.asyncio
async def test_a_server_error_is_transient(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("chat.postMessage", status=500, body={"ok": False, "error": "internal_error"})
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST)
    assert result.outcome is SendOutcome.NOT_SENT


@pytest.mark.asyncio
async def test_slack_out_of_reach_is_transient(fake: FakeSlack) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = slack_settings(fake, slack_api_url=f"http://127.0.0.1:{closed_port}/api/")
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, DIGEST)
    assert result.outcome is SendOutcome.NOT_SENT


@pytest.mark.asyncio
async def test_a_long_reply_cut_short_is_not_sent_again_in_full(fake: FakeSlack, settings: Settings) -> None:
    long_digest = Reply(heading="Digest", blocks=tuple(Paragraph(f"item {i}") for i in range(80)), private=False)
    fake.rate_limit_next("chat.postMessage", retry_after=30, after=1)  # the second of two messages
    result = await SlackMessenger.from_settings(settings).send(CHANNEL, long_digest)
    assert result.outcome is SendOutcome.DELIVERED  # a retry would post the first part twice
    assert "partial" in result.detail
    assert [c.status for c in fake.of("chat.postMessage")] == [200, 429]
