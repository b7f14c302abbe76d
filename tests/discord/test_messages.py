"""DMs, @mentions and server removal, as gateway events parsed by discord.py's own connection state."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from adapters.discord.client import MentorClient
from tests.discord import payloads
from tests.discord.conftest import Clients, RecordingMentor
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import ADMIN_ROLE

DM_CHANNEL = "1234563982236504123"


@pytest.mark.asyncio
async def test_a_dm_question_is_answered_in_the_dm(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    client._connection.parse_message_create(payloads.dm_message("what is database indexing", id=next(ids)))

    [reply] = await fake.wait_for("POST", rf"/channels/{DM_CHANNEL}/messages")
    assert "indexing" in reply.body["embeds"][0]["title"].lower()
    assert reply.body["allowed_mentions"] == {"parse": []}
    [incoming] = mentor.seen
    assert incoming.text == "what is database indexing"
    assert (incoming.is_dm, incoming.workspace, incoming.channel, incoming.is_admin) == (True, "@me", DM_CHANNEL, False)


@pytest.mark.asyncio
async def test_everyone_in_a_dm_question_never_pings(
    client: MentorClient, fake: FakeDiscord, ids: Iterator[str]
) -> None:
    client._connection.parse_message_create(payloads.dm_message("@everyone what is @here caching", id=next(ids)))
    [reply] = await fake.wait_for("POST", rf"/channels/{DM_CHANNEL}/messages")
    assert reply.body["allowed_mentions"] == {"parse": []}


@pytest.mark.asyncio
async def test_a_mention_in_a_server_gets_a_reply_there_and_reports_the_admin_flag(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    client._connection.parse_guild_create(payloads.guild_create())
    bot = payloads.bot_user()
    admin = payloads.server_message(f"<@{bot['id']}> what is caching", id=next(ids), mentions=[bot], roles=[ADMIN_ROLE])
    member = payloads.server_message(f"<@!{bot['id']}> explain sharding", id=next(ids), mentions=[bot], roles=[])
    client._connection.parse_message_create(admin)
    client._connection.parse_message_create(member)

    replies = await fake.wait_for("POST", rf"/channels/{payloads.CHANNEL_ID}/messages", count=2)
    assert {r.body["message_reference"]["message_id"] for r in replies} == {int(admin["id"]), int(member["id"])}
    assert all(r.body["allowed_mentions"]["parse"] == [] for r in replies)
    seen = {i.text: i for i in mentor.seen}
    assert seen["what is caching"].is_admin is True  # the admin role has Manage Server
    assert seen["explain sharding"].is_admin is False
    assert seen["what is caching"].workspace == payloads.GUILD_ID


@pytest.mark.asyncio
async def test_server_messages_that_do_not_name_the_bot_are_ignored(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    client._connection.parse_guild_create(payloads.guild_create())
    everyone = payloads.server_message("@everyone standup in 5", id=next(ids), mentions=[], roles=[])
    everyone["mention_everyone"] = True
    client._connection.parse_message_create(everyone)
    client._connection.parse_message_create(payloads.server_message("hi all", id=next(ids), mentions=[], roles=[]))
    await asyncio.sleep(0.2)
    assert mentor.seen == []
    assert fake.matching("POST", r"/channels/\d+/messages") == []


@pytest.mark.asyncio
async def test_removal_from_a_server_calls_the_callback_with_its_id(clients: Clients) -> None:
    removed: list[str] = []

    async def on_guild_removed(guild_id: str) -> None:
        removed.append(guild_id)

    client = await clients.start(on_guild_removed=on_guild_removed)
    client._connection.parse_guild_create(payloads.guild_create())
    client._connection.parse_guild_delete({"id": payloads.GUILD_ID, "unavailable": True})  # an outage: not removed
    client._connection.parse_guild_delete({"id": payloads.GUILD_ID})
    await asyncio.wait_for(_until(lambda: bool(removed)), 5)
    assert removed == [payloads.GUILD_ID]


async def _until(condition: object) -> None:
    while not condition():  # type: ignore[operator]
        await asyncio.sleep(0.01)
