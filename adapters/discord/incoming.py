"""Discord interactions and messages as the core's ``Incoming``."""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord.place import place_of
from bot.messages import Incoming, Platform, bounded

DM_WORKSPACE = "@me"  # Discord's own name for the place where DMs live; a DM has no server


def workspace_of(guild_id: int | None) -> str:
    """The server's id, or ``@me`` for a DM."""
    return str(guild_id) if guild_id is not None else DM_WORKSPACE


def from_interaction(interaction: discord.Interaction[Any], text: str, *, is_click: bool = False) -> Incoming:
    """A slash command (already turned into grammar text), a button click or a form; admin = Manage Server.

    Where the bot user is absent (a user install in a server or group DM) the conversation is private, like a DM:
    every answer is ephemeral, and a plan built there continues there.
    """
    user = interaction.user
    place = place_of(interaction)
    return Incoming(
        platform=Platform.DISCORD,
        workspace=workspace_of(interaction.guild_id),
        channel=str(interaction.channel_id or ""),
        user=str(user.id),
        text=bounded(text),
        display_name=user.display_name,
        is_dm=place.private_chat,
        is_admin=place.in_server and place.bot_present and interaction.permissions.manage_guild,
        locale=str(interaction.locale),
        timezone=None,  # Discord does not tell a user's time zone
        is_click=is_click,
    )


def from_message(message: discord.Message, bot_id: int) -> Incoming:
    """A DM, or a server message that mentions the bot (the mention itself removed)."""
    author = message.author
    guild = message.guild
    return Incoming(
        platform=Platform.DISCORD,
        workspace=workspace_of(guild.id if guild else None),
        channel=str(message.channel.id),
        user=str(author.id),
        text=bounded(message.content, lambda text: strip_mention(text, bot_id)),
        display_name=author.display_name,
        is_dm=guild is None,
        is_admin=isinstance(author, discord.Member) and author.guild_permissions.manage_guild,
        timezone=None,
    )


def strip_mention(text: str, bot_id: int) -> str:
    """Remove ``<@bot>`` / ``<@!bot>``: the mention addresses the bot, it is not part of what was said."""
    return re.sub(rf"<@!?{bot_id}>", " ", text).strip()


def wants_answer(message: discord.Message, bot_user: discord.ClientUser | None) -> bool:
    """A person's DM, or a server message that names the bot itself (not @everyone, not a role)."""
    if bot_user is None or message.author.bot or message.type not in _PLAIN:
        return False
    if message.guild is None:
        return True
    return any(user.id == bot_user.id for user in message.mentions)


_PLAIN = (discord.MessageType.default, discord.MessageType.reply)
