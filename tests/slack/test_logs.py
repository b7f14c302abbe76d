"""Slack flows at DEBUG log no token, no signing secret and no message text."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator

import pytest
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import Engine

from adapters.logs import configure_logging
from tests.slack.conftest import RecordingMentor, served, slack_settings
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_http import SlackSender, command_body, dm_body, mention_body

TOKEN = "xoxb-known-slack-token-4242"
SIGNING_SECRET = "secret"  # the payloads are signed with it; it must still never be logged
TEXTS = ("giraffe-shaped-load-balancer", "octopus-consensus-protocol", "walrus-cache-invalidation")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    configure_logging("DEBUG")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)
    configure_logging("WARNING")


@pytest.mark.asyncio
async def test_slack_flows_at_debug_log_no_secret_and_no_text(
    captured: io.StringIO, core: RecordingMentor, slack_engine: Engine, fake: FakeSlack
) -> None:
    settings = slack_settings(fake, slack_bot_token=TOKEN)
    async with served(core, settings, slack_engine) as url, SlackSender(url, fake) as slack:
        await slack.post(command_body(fake, f"ask what is a {TEXTS[0]}"))
        await slack.event(mention_body(f"<@W111> explain {TEXTS[1]}", event_id="EvLog1"))
        await slack.event(dm_body(f"what about {TEXTS[2]}", event_id="EvLog2"))
        await slack.post(command_body(fake, f"ask {TEXTS[0]}"), secret="a-wrong-secret")
        for _ in range(50):
            if len(core.seen) >= 3:
                break
            await asyncio.sleep(0.05)
    logged = captured.getvalue()
    assert len(core.seen) >= 3, "the flows did not reach the core"
    assert logged, "nothing was logged: the capture is broken"
    for needle in (TOKEN, SIGNING_SECRET + '"', *TEXTS):
        assert needle not in logged, f"{needle!r} reached the logs"
