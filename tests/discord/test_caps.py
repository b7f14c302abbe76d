"""A megabyte DM on Discord, through discord.py's own parsing, is refused at once (see tests/hostile/test_caps.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from adapters.discord.client import MentorClient
from bot.ratelimit import RateLimiter
from tests.discord import payloads
from tests.discord.conftest import RecordingMentor
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


@pytest.mark.asyncio
async def test_a_flood_of_commands_gets_one_warning_then_leaves_no_message(
    client: MentorClient, fake: FakeDiscord, mentor: RecordingMentor, ids: Iterator[str]
) -> None:
    mentor.limiter = RateLimiter(1)
    for _ in range(3):
        payload = payloads.command("ask", payloads.option("question", "what is caching"), id=next(ids))
        client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        await fake.wait_for("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    await fake.wait_for("DELETE", r"/webhooks/\d+/[^/]+/messages/@original")
    callbacks = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/callback")]
    first, warning, quiet = (c.body for c in callbacks)
    assert "Caching" in first["data"]["embeds"][0]["title"]
    assert "faster than I can mentor" in warning["data"]["embeds"][0]["description"]
    assert quiet["type"] == 5  # deferred ("thinking…"), then the placeholder is deleted: nothing is left
