"""The outbound port over REST alone: no client, no gateway; failures come back by kind, nothing sleeps."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio

from adapters.discord import DiscordMessenger
from bot.messages import Button, Destination, FileAttachment, Paragraph, Reply
from bot.ports import Presence, SendOutcome
from tests.discord import payloads
from tests.discord.fake_discord import FakeDiscord

CHANNEL = "41771983423143937"
KEY = "0123456789abcdef0123"
ISSUE = Reply(
    heading="This week: indexes before tuning",
    blocks=(Paragraph("@everyone An index trades write cost for read speed."),),
    buttons=(Button("What is a B-tree?", "ask what is a b-tree"),),
    footer="Unsubscribe with `/mentor digest-unsubscribe`.",
    private=False,
)


@pytest_asyncio.fixture
async def messenger(fake: FakeDiscord) -> AsyncIterator[DiscordMessenger]:
    async with DiscordMessenger("test-token", fake.api_url) as port:
        yield port


@pytest.mark.asyncio
async def test_a_digest_reaches_a_channel_without_a_gateway_connection(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    result = await messenger.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), ISSUE, KEY)

    assert result.outcome is SendOutcome.DELIVERED
    [posted] = fake.matching("POST", rf"/channels/{CHANNEL}/messages")
    embed = posted.body["embeds"][0]
    assert embed["title"] == ISSUE.heading
    assert embed["footer"]["text"] == f"Unsubscribe with /mentor digest-unsubscribe. · ref {KEY}"
    assert (posted.body["nonce"], posted.body["enforce_nonce"]) == (f"{KEY}.0", True)
    assert posted.body["components"][0]["components"][0]["custom_id"] == "m:ask what is a b-tree"
    assert posted.body["allowed_mentions"] == {"parse": []}  # "@everyone" in the text pings nobody


@pytest.mark.asyncio
async def test_a_check_in_opens_the_users_dm_once_and_posts_there(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    to_user = Destination("discord", "@me", user=payloads.USER_ID)
    assert (await messenger.send(to_user, ISSUE, KEY)).outcome is SendOutcome.DELIVERED
    assert (await messenger.send(to_user, ISSUE, KEY)).outcome is SendOutcome.DELIVERED

    [opened] = fake.matching("POST", r"/users/@me/channels")
    assert opened.body == {"recipient_id": payloads.USER_ID}
    assert len(fake.matching("POST", r"/channels/\d+/messages")) == 2


@pytest.mark.asyncio
async def test_a_429_is_reported_with_discords_retry_after_and_nothing_sleeps(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    body = payloads.shared("discord_rate_limit_429.json")
    fake.fail_next("POST", rf"/channels/{CHANNEL}/messages", 429, body, **{"Retry-After": "65"})
    started = time.monotonic()
    result = await messenger.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), ISSUE, KEY)

    assert result.outcome is SendOutcome.RATE_LIMITED
    assert result.retry_after == pytest.approx(64.57)
    assert time.monotonic() - started < 2
    assert len(fake.matching("POST", rf"/channels/{CHANNEL}/messages")) == 1  # no retry inside the send


@pytest.mark.asyncio
async def test_a_429_without_a_json_body_uses_the_retry_after_header(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    fake.fail_next("POST", r"/users/@me/channels", 429, None, **{"Retry-After": "65"})
    result = await messenger.send(Destination("discord", "@me", user=payloads.USER_ID), ISSUE, KEY)
    assert (result.outcome, result.retry_after) == (SendOutcome.RATE_LIMITED, 65.0)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (404, {"message": "Unknown Channel", "code": 10003}, SendOutcome.GONE),
        (403, {"message": "Missing Access", "code": 50001}, SendOutcome.FORBIDDEN),
        (403, {"message": "Cannot send messages to this user", "code": 50007}, SendOutcome.FORBIDDEN),
        (400, {"message": "Invalid Form Body", "code": 50035}, SendOutcome.INVALID),
        (401, {"message": "401: Unauthorized", "code": 0}, SendOutcome.NOT_SENT),
        (502, {"message": "Bad Gateway"}, SendOutcome.UNKNOWN),
        (500, None, SendOutcome.UNKNOWN),
    ],
)
async def test_failures_are_reported_by_kind(
    messenger: DiscordMessenger, fake: FakeDiscord, status: int, body: object, outcome: SendOutcome
) -> None:
    fake.fail_next("POST", rf"/channels/{CHANNEL}/messages", status, body)
    result = await messenger.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), ISSUE, KEY)
    assert result.outcome is outcome
    assert str(status) in result.detail


@pytest.mark.asyncio
async def test_closed_dms_are_forbidden(messenger: DiscordMessenger, fake: FakeDiscord) -> None:
    closed = {"message": "Cannot send messages to this user", "code": 50007}
    fake.fail_next("POST", r"/channels/\d+/messages", 403, closed)
    result = await messenger.send(Destination("discord", "@me", user=payloads.USER_ID), ISSUE, KEY)
    assert (result.outcome, result.detail) == (SendOutcome.FORBIDDEN, "HTTP 403 code 50007")


@pytest.mark.asyncio
async def test_an_unreachable_api_is_not_sent() -> None:
    async with DiscordMessenger("test-token", "http://127.0.0.1:9/api/v10") as port:
        result = await port.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), ISSUE, KEY)
    assert result.outcome is SendOutcome.NOT_SENT


@pytest.mark.asyncio
async def test_files_go_as_multipart_attachments(messenger: DiscordMessenger, fake: FakeDiscord) -> None:
    picture = Reply(heading="Your plan", files=(FileAttachment("plan.png", b"\x89PNG\r\n\x1a\n", "A roadmap"),))
    result = await messenger.send(Destination("discord", "@me", user=payloads.USER_ID), picture, KEY)
    assert result.outcome is SendOutcome.DELIVERED
    [posted] = fake.matching("POST", r"/channels/\d+/messages")
    assert posted.files == ["plan.png"]
    assert posted.body["attachments"] == [{"id": 0, "filename": "plan.png", "description": "A roadmap"}]


@pytest.mark.asyncio
async def test_a_long_reply_is_split_into_messages_that_fit(messenger: DiscordMessenger, fake: FakeDiscord) -> None:
    long = Reply(heading="A long issue", blocks=tuple(Paragraph(f"part {i} " + "word " * 700) for i in range(4)))
    destination = Destination("discord", payloads.GUILD_ID, channel=CHANNEL)
    assert (await messenger.send(destination, long, KEY)).outcome is SendOutcome.DELIVERED

    posted = fake.matching("POST", rf"/channels/{CHANNEL}/messages")
    assert len(posted) > 1
    text = ""
    for message in posted:
        embeds = message.body["embeds"]
        assert sum(len(e.get("title", "")) + len(e.get("description", "")) for e in embeds) <= 6000
        assert all(len(e["description"]) <= 4096 for e in embeds)
        text += " ".join(e["description"] for e in embeds)
    assert all(f"part {i} " in text for i in range(4))


@pytest.mark.asyncio
async def test_when_a_later_part_fails_the_send_counts_as_sent_so_nothing_is_posted_twice(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    long = Reply(heading="A long issue", blocks=tuple(Paragraph("word " * 700) for _ in range(4)))
    destination = Destination("discord", payloads.GUILD_ID, channel=CHANNEL)
    fake.fail_next("POST", rf"/channels/{CHANNEL}/messages", 500, None, after=1)
    result = await messenger.send(destination, long, KEY)
    assert result.outcome is SendOutcome.DELIVERED
    assert result.detail.startswith("partial: 1 of")

    fake.fail_next("POST", rf"/channels/{CHANNEL}/messages", 500, None)  # the first part fails: Discord may have it
    assert (await messenger.send(destination, long, KEY)).outcome is SendOutcome.UNKNOWN


@pytest.mark.asyncio
async def test_each_part_has_its_own_nonce(messenger: DiscordMessenger, fake: FakeDiscord) -> None:
    long = Reply(heading="A long issue", blocks=tuple(Paragraph("word " * 700) for _ in range(4)))
    await messenger.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), long, KEY)
    nonces = [r.body["nonce"] for r in fake.matching("POST", rf"/channels/{CHANNEL}/messages")]
    assert len(nonces) > 1 and len(set(nonces)) == len(nonces) and all(len(n) <= 25 for n in nonces)


@pytest.mark.asyncio
async def test_a_connection_dropped_after_the_post_is_unknown_and_find_tells(
    messenger: DiscordMessenger, fake: FakeDiscord
) -> None:
    destination = Destination("discord", payloads.GUILD_ID, channel=CHANNEL)
    before = datetime.now(UTC)
    fake.drop_next("POST", rf"/channels/{CHANNEL}/messages")
    assert (await messenger.send(destination, ISSUE, KEY)).outcome is SendOutcome.UNKNOWN
    assert fake.posts_to(CHANNEL) == 1
    assert (await messenger.find(destination, KEY, before)).presence is Presence.FOUND
    assert (await messenger.find(destination, "fedcba9876543210fedc", before)).presence is Presence.ABSENT
    # and a blind resend within Discord's window would have returned the same message, not a second one
    assert (await messenger.send(destination, ISSUE, KEY)).outcome is SendOutcome.DELIVERED
    assert fake.posts_to(CHANNEL) == 1


@pytest.mark.asyncio
async def test_a_dm_is_found_again_through_its_dm_channel(messenger: DiscordMessenger, fake: FakeDiscord) -> None:
    to_user = Destination("discord", "@me", user=payloads.USER_ID)
    before = datetime.now(UTC)
    assert (await messenger.send(to_user, ISSUE, KEY)).outcome is SendOutcome.DELIVERED
    assert (await messenger.find(to_user, KEY, before)).presence is Presence.FOUND


@pytest.mark.asyncio
async def test_a_hung_call_ends_as_unknown_within_the_timeout(fake: FakeDiscord) -> None:
    fake.hang_next("POST", rf"/channels/{CHANNEL}/messages")
    async with DiscordMessenger("test-token", fake.api_url, timeout=0.5) as port:
        started = time.perf_counter()
        result = await port.send(Destination("discord", payloads.GUILD_ID, channel=CHANNEL), ISSUE, KEY)
    assert result.outcome is SendOutcome.UNKNOWN
    assert time.perf_counter() - started < 3
