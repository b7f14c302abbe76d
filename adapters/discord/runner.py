"""Entry points: run the bot until cancelled, or register its slash commands on demand."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord import app_commands

from adapters.bootstrap import App, load_app_content
from adapters.discord.client import GuildRemoved, MentorClient, ShardedMentorClient
from adapters.discord.commands import build_group
from adapters.discord.gateway import GatewayWatch
from adapters.discord.suggest import PlanTopics, Suggestions
from adapters.discord.sync import STATE_FILE, sync_tree
from adapters.settings import Settings

log = logging.getLogger(__name__)


def point_at(settings: Settings) -> None:
    """Aim discord.py's REST client and gateway at ``DISCORD_API_URL`` / ``DISCORD_GATEWAY_URL``."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def quiet_payload_logs() -> None:
    """discord.py logs raw gateway events and request bodies (message text) at DEBUG: keep its loggers at INFO."""
    library = logging.getLogger("discord")
    if library.getEffectiveLevel() < logging.INFO:
        library.setLevel(logging.INFO)


def token_of(settings: Settings) -> str:
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    return settings.discord_token.get_secret_value()


async def run_discord(
    app: App,
    on_guild_removed: GuildRemoved | None = None,
    plan_topics: PlanTopics | None = None,
    watch: GatewayWatch | None = None,
) -> None:
    """Connect and serve until cancelled; the connection and HTTP session are closed on the way out.

    ``on_guild_removed(guild_id)`` is awaited when the bot is removed from a server. ``plan_topics`` feeds
    the ``done``/``skip`` autocomplete from the user's plan (every topic title until it is given). ``watch`` is
    given the client, to report the gateway's state. With ``DISCORD_SHARD_COUNT`` set, the one process runs that
    many shards (discord.py's ``AutoShardedClient``).
    """
    settings = app.settings
    token = token_of(settings)
    point_at(settings)
    quiet_payload_logs()
    options: dict[str, Any] = {
        "sync_state": settings.data_dir / STATE_FILE,
        "on_guild_removed": on_guild_removed,
        "plan_topics": plan_topics,
    }
    shards = settings.discord_shard_count
    client = ShardedMentorClient(app, shard_count=shards, **options) if shards else MentorClient(app, **options)
    if watch is not None:
        watch.attach(client)
    async with client:
        log.info("discord adapter starting")
        await client.start(token)


async def sync_commands(settings: Settings) -> list[app_commands.AppCommand]:
    """Register the ``/mentor`` commands globally now (``mentor discord sync``); REST only, no gateway.

    Global commands can take a few minutes to appear in every server.
    """
    token = token_of(settings)
    point_at(settings)
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    tree.add_command(build_group(_NotServing(), Suggestions(load_app_content(settings))))
    async with client:
        await client.login(token)
        return await sync_tree(tree, settings.data_dir / STATE_FILE)


class _NotServing:
    """The command host of a client that only uploads the commands and never receives them."""

    async def run_command(self, interaction: discord.Interaction[Any], text: str) -> None:
        raise RuntimeError("this client only syncs commands")

    async def run_server_command(self, interaction: discord.Interaction[Any], text: str, what: str) -> None:
        raise RuntimeError("this client only syncs commands")
