"""A megabyte DM on Discord, through discord.py's own parsing, is refused at once (see tests/hostile/test_caps.py)."""

from __future__ import annotations

import time

import pytest

from adapters.discord.client import MentorClient
from tests.discord import payloads
from tests.discord.fake_discord import FakeDiscord
from tests.hostile.test_caps import BUDGET, MEGABYTE, PHRASES, filled


@pytest.mark.asyncio
async def test_a_megabyte_dm_on_discord_is_refused_at_once(client: MentorClient, fake: FakeDiscord) -> None:
    for number, text in enumerate([filled(PHRASES, MEGABYTE), filled("compare x ", MEGABYTE)]):
        timings = []
        for attempt in range(3):
            started = time.perf_counter()
            client._connection.parse_message_create(payloads.dm_message(text, id=f"9{number}{attempt}0000000000001"))
            replies = await fake.wait_for("POST", r"/channels/\d+/messages", count=3 * number + attempt + 1)
            timings.append(time.perf_counter() - started)
        assert min(timings) < BUDGET
        assert "over 4,000 characters" in replies[-1].body["embeds"][0]["description"]
