"""Team features through the real Bolt app and a fake Slack: several people, the map, a pair's group DM."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from adapters.settings import Settings
from adapters.slack.messenger import SlackMessenger
from adapters.sql.store import SqlStore
from bot.delivery.dispatcher import Dispatcher
from tests.fakes import FixedClock
from tests.slack.conftest import RecordingMentor
from tests.slack.fake_slack import RESPONSE_URL, UPLOAD, FakeSlack
from tests.slack.slack_http import SlackSender


async def command(slack: SlackSender, fake: FakeSlack, user: str, text: str) -> str:
    """Run ``/mentor text`` as ``user``; the text of the ephemeral answer."""
    before = len(fake.of(RESPONSE_URL))
    status, _ = await slack.command(text, user=user, name=f"{user}{before}")
    assert status == 200
    calls = await fake.wait_for(RESPONSE_URL, before + 1)
    return str(calls[before].params["text"])


@pytest.mark.asyncio
async def test_the_team_map_hides_small_groups_and_comes_with_its_heatmap(slack: SlackSender, fake: FakeSlack) -> None:
    for user in ("W1", "W2"):
        await command(slack, fake, user, "partners join databases")
    answer = await command(slack, fake, "W1", "team map")
    assert "Team skill map" in answer
    [upload] = await fake.wait_for("files.completeUploadExternal")
    assert "team-map.png" in str(upload.params) and fake.of(UPLOAD)[0].body.startswith(b"\x89PNG")
    assert "share as" in await command(slack, fake, "W1", "team share on")


@pytest.mark.asyncio
async def test_a_pair_is_introduced_once_in_one_group_dm_opened_with_both(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor, slack_engine: Engine, settings: Settings
) -> None:
    fake.users["W9"] = {"is_admin": True}
    for user in ("W1", "W2"):
        assert "You're in learning partners" in await command(slack, fake, user, "partners join databases")
    assert "paired every" in await command(slack, fake, "W9", "partners schedule mon 10:00 UTC")
    store = SqlStore(slack_engine)
    clock = FixedClock(datetime.now(UTC) + timedelta(days=7, hours=1))  # the next pairing day has passed
    dispatcher = Dispatcher(store, SlackMessenger.from_settings(settings), clock, core.composers(), "t", pace_seconds=0)
    await dispatcher.tick()
    mpim = [c for c in fake.of("conversations.open") if c.params["users"] == "W1,W2"]
    assert len(mpim) == 1  # one group DM for the pair, opened with both people
    [intro] = [c for c in fake.of("chat.postMessage") if c.params["channel"].startswith("G")]
    assert "Your learning partners this week" in str(intro.params["blocks"])
    await dispatcher.tick()
    assert len([c for c in fake.of("chat.postMessage") if c.params["channel"].startswith("G")]) == 1  # never twice
