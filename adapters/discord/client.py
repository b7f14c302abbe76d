"""The Discord client: slash commands, buttons, DMs and mentions in, the core's replies out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from adapters.bootstrap import App
from adapters.discord.answer import NO_PINGS, InteractionAnswer, answer_message
from adapters.discord.buttons import CommandButton
from adapters.discord.commands import build_group
from adapters.discord.incoming import from_interaction, from_message, wants_answer
from adapters.discord.place import place_of, server_only_refusal
from adapters.discord.suggest import PlanTopics, Suggestions
from adapters.discord.sync import sync_if_changed
from adapters.sql.seen_events import SeenEvents
from bot.messages import Incoming, Reply

log = logging.getLogger(__name__)

GuildRemoved = Callable[[str], Awaitable[None]]

DEFER_AFTER = 1.5  # seconds: Discord wants the first response within 3 s, network time included


def intents() -> discord.Intents:
    """Servers (for removal and permissions), server messages and DMs; no privileged intent.

    Message Content is not needed: Discord sends the text of DMs and of messages that mention the bot.
    """
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    return wanted


class MentorClient(discord.Client):
    """One Discord connection serving the mentor. Commands sync and background work start once, at login."""

    def __init__(
        self,
        app: App,
        *,
        sync_state: Path,
        on_guild_removed: GuildRemoved | None = None,
        plan_topics: PlanTopics | None = None,
        **options: Any,
    ) -> None:
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here: no warnings about it
        super().__init__(intents=intents(), allowed_mentions=NO_PINGS, **options)
        self.app = app
        self.seen = SeenEvents(app.store.engine)
        self.suggestions = Suggestions(app.content, plan_topics)
        self.tree: app_commands.CommandTree[MentorClient] = app_commands.CommandTree(self)
        self.tree.add_command(build_group(self, self.suggestions))
        self.tree.error(self._on_command_error)
        self.on_guild_removed = on_guild_removed
        self._sync_state = sync_state

    async def setup_hook(self) -> None:
        """Runs once per login, never on a reconnect: persistent buttons and the command sync check.

        Seen event ids are pruned by the scheduler's retention job, which every deployment runs.
        """
        self.add_dynamic_items(CommandButton)
        await sync_if_changed(self.tree, self._sync_state)

    async def run_command(self, interaction: discord.Interaction[Any], text: str) -> None:
        """A ``/mentor`` subcommand, as grammar text."""
        await self._answer(interaction, from_interaction(interaction, text))

    async def run_server_command(self, interaction: discord.Interaction[Any], text: str, what: str) -> None:
        """A command about the server's channels: answered only in a server where the bot is present."""
        refusal = server_only_refusal(place_of(interaction), what)
        if refusal is None:
            await self.run_command(interaction, text)
        else:
            await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=NO_PINGS)

    async def handle_click(self, interaction: discord.Interaction[Any], command: str) -> None:
        """A button: its command goes to the core as a click."""
        await self._answer(interaction, from_interaction(interaction, command, is_click=True))

    async def on_message(self, message: discord.Message) -> None:
        if self.user is None or not wants_answer(message, self.user):
            return
        replies = await self._ask(f"discord:message:{message.id}", from_message(message, self.user.id))
        if replies:
            await answer_message(self, message, replies)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        log.info("removed from a discord server", extra={"guild": guild.id})
        if self.on_guild_removed is not None:
            await self.on_guild_removed(str(guild.id))

    async def _answer(self, interaction: discord.Interaction[Any], incoming: Incoming) -> None:
        started = asyncio.get_running_loop().time()
        if not await asyncio.to_thread(self._first_time, f"discord:interaction:{interaction.id}"):
            return  # another process (or an earlier delivery) answers this one
        work = asyncio.create_task(asyncio.to_thread(self.app.mentor.handle, incoming))
        answer = InteractionAnswer(interaction)
        left = DEFER_AFTER - (asyncio.get_running_loop().time() - started)
        done, _ = await asyncio.wait({work}, timeout=max(left, 0))
        if not done:
            await answer.defer()
        await answer.send(await work)

    async def _ask(self, key: str, incoming: Incoming) -> list[Reply] | None:
        """The core's replies, or None when this event was already handled."""
        if not await asyncio.to_thread(self._first_time, key):
            return None
        return await asyncio.to_thread(self.app.mentor.handle, incoming)

    def _first_time(self, key: str) -> bool:
        try:
            return self.seen.first_time(key, self.app.mentor.clock.now())
        except Exception:  # deduplication is a safeguard; answering matters more
            log.exception("recording a seen discord event failed")
            return True

    async def _on_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command.qualified_name if interaction.command else None
        log.error("discord command failed", exc_info=error, extra={"command": command, "interaction": interaction.id})
        if not interaction.response.is_done():
            await interaction.response.send_message(
                "Sorry, something went wrong on my side. Please try again in a moment.", ephemeral=True
            )


class ShardedMentorClient(MentorClient, discord.AutoShardedClient):
    """The same client over several gateway shards in one process (``DISCORD_SHARD_COUNT`` as ``shard_count``)."""
