"""Fixtures: the fake Slack far end, a real Mentor on a temporary SQLite store, the app served by uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
import uvicorn
from sqlalchemy import Engine

from adapters.clock import SystemClock
from adapters.http_serving import http_server, serve_until_cancelled
from adapters.settings import Settings
from adapters.slack.app import WorkspaceGone, build_slack_app
from adapters.slack.installations import Installations
from adapters.slack.server import build_asgi
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.seen_events import SeenEvents
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Incoming, Reply
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_http import SECRET, SlackSender


class RecordingMentor(Mentor):
    """The real Mentor, remembering what each adapter handed it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.seen: list[Incoming] = []

    def handle(self, incoming: Incoming) -> list[Reply]:
        self.seen.append(incoming)
        return super().handle(incoming)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


def slack_settings(fake: FakeSlack, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url,
        "port": 0,
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


@pytest.fixture
def settings(fake: FakeSlack) -> Settings:
    return slack_settings(fake)


@pytest.fixture
def slack_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def core(content: Content, answerer: MentorAnswerer, slack_engine: Engine) -> RecordingMentor:
    return RecordingMentor(content, SqlStore(slack_engine), SystemClock(), answerer)


@contextlib.asynccontextmanager
async def served(
    core: Mentor,
    settings: Settings,
    engine: Engine,
    on_uninstalled: WorkspaceGone | None = None,
    *,
    installations: Installations | None = None,
    on_installed: WorkspaceGone | None = None,
) -> AsyncIterator[str]:
    """The Slack app behind a real uvicorn on 127.0.0.1 (a free port); yields its base URL."""
    slack_app = build_slack_app(
        core,
        settings,
        SeenEvents(engine),
        on_uninstalled=on_uninstalled,
        installations=installations,
        on_installed=on_installed,
    )
    server: uvicorn.Server = http_server(build_asgi(slack_app, signing_secret=SECRET), port=0, host="127.0.0.1")
    task = asyncio.create_task(serve_until_cancelled(server))
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest_asyncio.fixture
async def slack(
    core: RecordingMentor, settings: Settings, slack_engine: Engine, fake: FakeSlack
) -> AsyncIterator[SlackSender]:
    async with served(core, settings, slack_engine) as url, SlackSender(url, fake) as sender:
        yield sender
