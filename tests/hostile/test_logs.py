"""Logs never hold secrets or message text: the main flows run at DEBUG and every log line is searched."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pythonjsonlogger.json import JsonFormatter

from adapters.bootstrap import build_app
from adapters.discord import DiscordMessenger
from adapters.logs import configure_logging
from adapters.settings import Settings
from bot.delivery.dispatcher import Dispatcher
from bot.messages import Destination, Incoming, Paragraph, Reply
from tests.discord.fake_discord import FakeDiscord
from tests.fakes import FixedClock, RecordingMessenger

SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-known-slack-token-123",
    "SLACK_SIGNING_SECRET": "known-signing-secret-456",
    "DISCORD_TOKEN": "known.discord.token-789",
}
TEXTS = [
    "what is a zebra-striped-unicorn-cache really",
    "plan",
    "mid",
    "senior",
    "databases",
    "I know sql and the purple-elephant-protocol",
    "5",
    "mon 09:00 UTC",
    "done indexing",
    "digest subscribe here mon 09:00 Mars/Olympus-secret-zone",
    "digest me on fri 10:00 UTC",
    "tip",
    "forget me",
]
NEEDLES = [*SECRETS.values(), "zebra-striped-unicorn-cache", "purple-elephant-protocol", "Olympus-secret-zone"]


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[io.StringIO]:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MENTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    configure_logging("DEBUG")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)
    configure_logging("WARNING")


def test_main_flows_at_debug_log_no_secret_and_no_message_text(captured: io.StringIO) -> None:
    app = build_app(Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        for text in TEXTS:
            app.mentor.handle(Incoming("slack", "T1", "D1", "U1", text, is_dm=True, is_admin=True))
        app.mentor.handle(Incoming("slack", "T1", "C1", "U1", "digest subscribe here", is_admin=True))
        broken = app.mentor
        broken.answerer = None  # type: ignore[assignment]  # force the safety net to log an exception
        broken.handle(Incoming("slack", "T1", "D1", "U2", "what is a zebra-striped-unicorn-cache", is_dm=True))
        clock = FixedClock()
        clock.advance(days=7)
        sender = Dispatcher(app.store, RecordingMessenger(), clock, app.mentor.composers(), "p", pace_seconds=0)
        asyncio.run(sender.tick())
        asyncio.run(_discord_send(app.settings))
    finally:
        app.close()
    logged = captured.getvalue()
    assert logged, "the flows logged nothing at all: the capture is broken"
    for needle in NEEDLES:
        assert needle not in logged, f"{needle!r} reached the logs"


async def _discord_send(settings: Settings) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        async with DiscordMessenger(SECRETS["DISCORD_TOKEN"], fake.api_url) as messenger:
            await messenger.send(Destination("discord", "G1", "123"), _reply("purple-elephant-protocol"), "k")
    finally:
        await fake.stop()


def _reply(text: str) -> Reply:
    return Reply(blocks=(Paragraph(text),))
