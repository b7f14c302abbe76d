"""Command sync only when the command set changed; one start-up per run, not per reconnect; clean shutdown."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio

from adapters.bootstrap import App
from adapters.discord import run_discord, sync_commands
from adapters.discord.sync import STATE_FILE
from adapters.settings import Settings
from tests.discord import payloads
from tests.discord.conftest import Clients
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_gateway import FakeGateway

COMMANDS = rf"/applications/{payloads.APP_ID}/commands"
MESSAGE_CONTENT_INTENT = 1 << 15


@pytest.mark.asyncio
async def test_commands_are_synced_once_and_not_again_while_unchanged(clients: Clients, fake: FakeDiscord) -> None:
    await clients.start()
    await clients.start()  # a restart with the same commands
    [synced] = fake.matching("PUT", COMMANDS)
    assert [c["name"] for c in synced.body] == ["mentor"]
    subcommands = {o["name"] for o in synced.body[0]["options"]}
    assert {"ask", "tip", "topics", "plan", "plan-picture", "done", "skip", "checkin", "forget"} <= subcommands
    assert {"digest-subscribe", "digest-unsubscribe", "digest-status", "digest-preview", "digest-now"} <= subcommands
    assert "digest-me" in subcommands


@pytest.mark.asyncio
async def test_a_changed_command_set_is_synced_at_start(
    clients: Clients, fake: FakeDiscord, settings: Settings
) -> None:
    (settings.data_dir / STATE_FILE).write_text("what an older version synced\n")
    await clients.start()
    assert len(fake.matching("PUT", COMMANDS)) == 1


@pytest.mark.asyncio
async def test_sync_on_demand_needs_no_gateway_and_spares_the_next_start(
    clients: Clients, fake: FakeDiscord, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = await sync_commands(settings)
    assert [c.name for c in synced] == ["mentor"]
    assert len(fake.matching("PUT", COMMANDS)) == 1

    await clients.start()
    assert len(fake.matching("PUT", COMMANDS)) == 1  # already up to date


@pytest_asyncio.fixture
async def gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeGateway]:
    server = FakeGateway()
    await server.start()
    # run_discord points discord.py at the settings' URLs; restore discord.py's own afterwards
    socket_class = discord.gateway.DiscordWebSocket
    monkeypatch.setattr(socket_class, "DEFAULT_GATEWAY", socket_class.DEFAULT_GATEWAY)
    yield server
    await server.stop()


@pytest.mark.asyncio
async def test_run_discord_serves_through_a_reconnect_starts_once_and_closes_when_cancelled(
    app: App, fake: FakeDiscord, gateway: FakeGateway
) -> None:
    settings = app.settings.model_copy(update={"discord_gateway_url": gateway.url})
    removed: list[str] = []

    async def on_guild_removed(guild_id: str) -> None:
        removed.append(guild_id)

    running = asyncio.create_task(run_discord(dataclasses.replace(app, settings=settings), on_guild_removed))
    [identify] = await gateway.wait_for_op(2)
    assert not identify["d"]["intents"] & MESSAGE_CONTENT_INTENT  # no privileged intent

    await gateway.ask_to_reconnect()
    await gateway.wait_for_op(6)  # RESUME on a new connection
    interaction = payloads.command("tip", id="1200000000000000777")
    await gateway.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for("POST", rf"/interactions/{interaction['id']}/[^/]+/callback")
    await gateway.dispatch("GUILD_DELETE", {"id": payloads.GUILD_ID})
    while not removed:
        await asyncio.sleep(0.01)

    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert removed == [payloads.GUILD_ID]
    assert len(gateway.sockets) == 2 and all(s.closed for s in gateway.sockets[:1])
    assert len(fake.matching("GET", r"/users/@me")) == 1  # one login ...
    assert len(fake.matching("PUT", COMMANDS)) == 1  # ... and one sync, not one per connection
