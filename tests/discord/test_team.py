"""Learning partners on Discord: bots have no group DMs, so each person of a pair gets the intro in their own DM."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.discord import DiscordMessenger
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.delivery.dispatcher import Dispatcher
from bot.mentor import Mentor
from bot.messages import Incoming, plain_text
from tests.discord import payloads
from tests.discord.fake_discord import FakeDiscord
from tests.fakes import FixedClock

GUILD = payloads.GUILD_ID
PEOPLE = ("200000000000000001", "200000000000000002", "200000000000000003")


@pytest.mark.asyncio
async def test_each_person_of_a_trio_gets_the_intro_in_their_dm_naming_the_others(
    fake: FakeDiscord, content: Content, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    upgrade(engine)
    clock = FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    mentor = Mentor(content, SqlStore(engine), clock, MentorAnswerer(content))

    def say(user: str, text: str, *, admin: bool = False, guild: str = GUILD) -> str:
        incoming = Incoming("discord", guild, "C1", user, text, display_name=user, is_dm=guild == "@me",
                            is_admin=admin)  # fmt: skip
        return "\n".join(plain_text(r) for r in mentor.handle(incoming))

    for user in PEOPLE:
        say(user, "partners join caching")
    assert "You're in learning partners" in say(PEOPLE[0], "partners", guild="@me")  # a DM: their server's partners
    say("900", "partners schedule mon 10:00 UTC", admin=True)
    clock.advance(hours=2)
    async with DiscordMessenger("test-token", fake.api_url) as messenger:
        await Dispatcher(SqlStore(engine), messenger, clock, mentor.composers(), "d", pace_seconds=0).tick()
    opened = sorted(r.body["recipient_id"] for r in fake.matching("POST", r"/users/@me/channels"))
    assert opened == sorted(PEOPLE)
    posts = fake.matching("POST", r"/channels/\d+/messages")
    assert len(posts) == 3
    for post in posts:
        description = post.body["embeds"][0]["description"]
        assert sum(f"<@{user}>" in description for user in PEOPLE) == 2  # the two others, never pinged
        assert post.body["allowed_mentions"] == {"parse": []}
    engine.dispose()
