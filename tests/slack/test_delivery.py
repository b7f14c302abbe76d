"""Where answers land: ephemeral or public through the response_url, the asker's DM, files, channel membership."""

from __future__ import annotations

import asyncio

import pytest

from adapters.settings import Settings
from adapters.slack.clients import interactive_client
from adapters.slack.delivery import Delivery
from adapters.slack.inbound import Surface, from_click
from adapters.slack.membership import SlackChannelAccess, is_member
from adapters.slack.users import UserDirectory
from bot.messages import FileAttachment, Paragraph, Reply
from tests.slack.fake_slack import RESPONSE_URL, UPLOAD, FakeSlack, payload
from tests.slack.test_messenger import tiny_png

NOTE = Reply(blocks=(Paragraph("noted"),))
PICTURE = FileAttachment("plan.png", tiny_png(), "your plan")


def slash_surface(fake: FakeSlack) -> Surface:
    return Surface(user="W111", channel="C111", response_url=fake.response_url())


@pytest.mark.asyncio
async def test_public_and_private_replies_through_the_response_url(fake: FakeSlack, settings: Settings) -> None:
    delivery = Delivery(interactive_client(settings))
    await delivery.deliver(slash_surface(fake), [NOTE, Reply(blocks=(Paragraph("for all"),), private=False)])
    assert [c.params["response_type"] for c in fake.of(RESPONSE_URL)] == ["ephemeral", "in_channel"]


@pytest.mark.asyncio
async def test_to_dm_opens_the_dm_and_posts_there(fake: FakeSlack, settings: Settings) -> None:
    delivery = Delivery(interactive_client(settings))
    await delivery.deliver(slash_surface(fake), [Reply(blocks=(Paragraph("your plan"),), to_dm=True)])
    assert fake.of(RESPONSE_URL) == []
    assert fake.of("conversations.open")[0].params["users"] == "W111"
    assert fake.of("chat.postMessage")[0].params["channel"] == "D069C7QFK"


@pytest.mark.asyncio
async def test_a_private_picture_goes_to_the_dm_a_public_one_to_the_channel(
    fake: FakeSlack, settings: Settings
) -> None:
    delivery = Delivery(interactive_client(settings))
    await delivery.deliver(slash_surface(fake), [Reply(heading="Plan", files=(PICTURE,))])
    await delivery.deliver(slash_surface(fake), [Reply(heading="Plan", files=(PICTURE,), private=False)])
    channels = [c.params["channel_id"] for c in fake.of("files.completeUploadExternal")]
    assert channels == ["D069C7QFK", "C111"]
    assert len(fake.of(UPLOAD)) == 2


@pytest.mark.asyncio
async def test_a_failed_reply_does_not_stop_the_next(fake: FakeSlack, settings: Settings) -> None:
    fake.fail_next("chat.postMessage", body={"ok": False, "error": "not_in_channel"})
    delivery = Delivery(interactive_client(settings))
    await delivery.deliver(Surface(user="W222", channel="C111"), [NOTE, NOTE])
    assert len(fake.of("chat.postMessage")) == 2


@pytest.mark.asyncio
async def test_a_click_in_the_app_home_is_answered_in_the_dm(fake: FakeSlack, settings: Settings) -> None:
    body = payload("slack_block_actions.json")
    body.pop("response_url")
    body.pop("channel")
    body["container"] = {"type": "view", "view_id": "V111"}
    profile = await UserDirectory(interactive_client(settings)).profile("W111")
    request = from_click(body, body["actions"][0] | {"value": "topics"}, profile, dm_channel="D069C7QFK")
    assert request.surface.response_url is None
    await Delivery(interactive_client(settings)).deliver(request.surface, [NOTE])
    assert fake.of("chat.postMessage")[0].params["channel"] == "D069C7QFK"


@pytest.mark.asyncio
async def test_bot_membership_of_a_channel(fake: FakeSlack, settings: Settings) -> None:
    fake.member_of.add("C0MEMBER")
    client = interactive_client(settings)
    assert await is_member(client, "C0MEMBER") is True
    assert await is_member(client, "C0OTHER") is False
    fake.fail_next("conversations.info", body={"ok": False, "error": "channel_not_found"})
    assert await is_member(client, "C0GONE") is False

    access = SlackChannelAccess.from_settings(settings)  # blocking: what the core's worker thread would call
    ok, missing = await asyncio.gather(
        asyncio.to_thread(access.check, "C0MEMBER"), asyncio.to_thread(access.check, "C0OTHER")
    )
    assert ok.ok and ok.hint == ""
    assert not missing.ok
    assert "/invite" in missing.hint
    assert "<#C0OTHER>" in missing.hint
