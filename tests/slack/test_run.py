"""``run_slack``: HTTP mode on ``settings.port`` and Socket Mode with ``SLACK_APP_TOKEN``; both stop when cancelled."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import Engine

from adapters.bootstrap import App
from adapters.settings import Settings
from adapters.slack import run_slack
from adapters.sql.store import SqlStore
from bot.content import Content
from tests.slack.conftest import RecordingMentor, slack_settings
from tests.slack.fake_slack import RESPONSE_URL, FakeSlack, payload
from tests.slack.slack_http import SlackSender


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def running(app: App) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(run_slack(app))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        assert task.done()


async def wait_healthy(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.02)
    raise AssertionError("the web process never became healthy")


@pytest.mark.asyncio
async def test_http_mode_serves_slack_on_the_port_and_stops_when_cancelled(
    fake: FakeSlack, content: Content, core: RecordingMentor, slack_engine: Engine
) -> None:
    port = free_port()
    settings = slack_settings(fake, port=port)
    app = App(settings, content, SqlStore(slack_engine), core)
    async with running(app) as task:
        url = f"http://127.0.0.1:{port}"
        await wait_healthy(url)
        async with SlackSender(url, fake) as slack:
            assert (await slack.command("help"))[0] == 200
        await fake.wait_for(RESPONSE_URL)
    assert task.cancelled()
    with pytest.raises(aiohttp.ClientConnectionError):
        await _get(url)


async def _get(url: str) -> int:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/healthz") as response:
        return response.status


@pytest.mark.asyncio
async def test_socket_mode_answers_a_slash_command_over_the_websocket(
    fake: FakeSlack, content: Content, core: RecordingMentor, slack_engine: Engine
) -> None:
    fields = payload("slack_slash_command.fields.json") | {
        "command": "/mentor",
        "text": "help",
        "response_url": fake.response_url("commands/T111/socket/xxxxx"),
    }
    fake.socket_envelopes.append(
        {"envelope_id": "env-1", "type": "slash_commands", "payload": fields, "accepts_response_payload": True}
    )
    settings: Settings = slack_settings(fake, slack_app_token="xapp-test", slack_signing_secret=None)
    app = App(settings, content, SqlStore(slack_engine), core)
    async with running(app):
        [answer] = await fake.wait_for(RESPONSE_URL)
        assert answer.params["blocks"][0]["text"]["text"] == "Backend Mentor"
        await fake.wait_until(lambda: any(ack.get("envelope_id") == "env-1" for ack in fake.socket_acks))
    [opened] = fake.of("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-test"


@pytest.mark.asyncio
async def test_http_mode_without_a_signing_secret_refuses_to_start(
    fake: FakeSlack, content: Content, core: RecordingMentor, slack_engine: Engine
) -> None:
    settings = slack_settings(fake, slack_signing_secret=None)
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        await run_slack(App(settings, content, SqlStore(slack_engine), core))
