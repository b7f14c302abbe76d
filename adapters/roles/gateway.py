"""The discord role: the gateway connection (optionally sharded), with the gateway's state as health and metrics."""

from __future__ import annotations

import asyncio

from adapters.bootstrap import App
from adapters.roles.workspaces import pause_workspace
from adapters.telemetry import Status, Telemetry
from adapters.telemetry.metrics import gateway_gauges
from bot.messages import Platform

SAMPLE_SECONDS = 5.0


async def run_gateway(app: App, telemetry: Telemetry) -> None:
    """Hold the gateway connection until cancelled."""
    from adapters.discord import run_discord  # noqa: PLC0415 (heavy SDK, only in the processes that serve Discord)
    from adapters.discord.gateway import GatewayWatch  # noqa: PLC0415

    watch = GatewayWatch(app.settings.discord_shard_count)
    gateway_gauges(telemetry.registry, watch)

    def check() -> Status:
        ok, detail = watch.healthy()
        return Status(ok, detail)

    telemetry.health.add("discord", check)

    async def sample() -> None:  # keeps "connected since" current between scrapes
        while True:
            watch.connected_shards()
            await asyncio.sleep(SAMPLE_SECONDS)

    sampler = asyncio.create_task(sample())
    try:
        await run_discord(app, on_guild_removed=pause_workspace(app, Platform.DISCORD), watch=watch)
    finally:
        sampler.cancel()
