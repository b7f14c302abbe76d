"""The real discord.py client against a fake Discord REST API, serving a real Mentor on a temporary SQLite store."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from adapters.bootstrap import App
from adapters.discord.client import MentorClient
from adapters.discord.sync import STATE_FILE
from adapters.settings import Settings
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Incoming, Reply
from tests.discord.fake_discord import FakeDiscord
from tests.fakes import FixedClock

TOKEN = "test-token"
HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord-ui-dynamic-item")  # discord.py names


class RecordingMentor(Mentor):
    """The real mentor, recording what reached it; a test may script the replies or slow it down."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.seen: list[Incoming] = []
        self.script: list[Reply] | None = None
        self.delay = 0.0

    def handle(self, incoming: Incoming) -> list[Reply]:
        self.seen.append(incoming)
        if self.delay:
            time.sleep(self.delay)
        return list(self.script) if self.script is not None else super().handle(incoming)


@pytest_asyncio.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_url)
    yield server
    await server.stop()


@pytest.fixture
def settings(tmp_path: Path, fake: FakeDiscord) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        discord_token=TOKEN,  # type: ignore[arg-type]
        discord_api_url=fake.api_url,
        discord_gateway_url="ws://127.0.0.1:9/",
        mentor_data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'mentor.db'}",  # type: ignore[arg-type]
    )


@pytest.fixture
def app(settings: Settings, content: Content, answerer: MentorAnswerer) -> Iterator[App]:
    engine = make_engine(settings.sqlalchemy_url)
    upgrade(engine)
    store = SqlStore(engine)
    yield App(settings, content, store, RecordingMentor(content, store, FixedClock(), answerer))
    store.close()


@pytest.fixture
def mentor(app: App) -> RecordingMentor:
    assert isinstance(app.mentor, RecordingMentor)
    return app.mentor


@pytest.fixture
def ids() -> Iterator[str]:
    return (str(n) for n in itertools.count(1_200_000_000_000_000_001))


class Clients:
    """Starts logged-in clients (REST only, no gateway) and fails the test on any app-command error."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.errors: list[BaseException] = []
        self.started: list[MentorClient] = []

    async def start(self, **kwargs: Any) -> MentorClient:
        client = MentorClient(self.app, sync_state=self.app.settings.data_dir / STATE_FILE, **kwargs)

        @client.tree.error
        async def record(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
            self.errors.append(error)

        await client.login(TOKEN)
        self.started.append(client)
        return client

    async def close_all(self) -> None:
        """Let commands and clicks still answering finish (a test may return at the first response), then close."""
        busy = [t for t in asyncio.all_tasks() if t.get_name().startswith(HANDLER_TASKS) and not t.done()]
        if busy:
            await asyncio.wait(busy, timeout=10)
        for client in self.started:
            await client.close()


@pytest_asyncio.fixture
async def clients(app: App, fake: FakeDiscord) -> AsyncIterator[Clients]:
    started = Clients(app)
    yield started
    await started.close_all()
    assert not started.errors, started.errors


@pytest_asyncio.fixture
async def client(clients: Clients) -> MentorClient:
    return await clients.start()
