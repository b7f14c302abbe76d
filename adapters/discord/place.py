"""Where an interaction happened and what the app may do there (guild install, user install, DMs).

``/mentor`` can be installed to a server (the bot joins it) or to a person's account (the person carries the command
into any server, DM or group DM, without an admin). Discord tells which installs authorized an interaction in
``authorizing_integration_owners``: ``"0"`` (guild install: the server's id, or ``"0"`` in the bot's DM) and ``"1"``
(user install: the person's id). Where only the user install applies, the bot user is not there: the app answers
through the interaction's webhook alone, with at most 5 follow-ups
(https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

USER_INSTALL_FOLLOWUPS = 5
GUILD_INSTALL = 0  # the key of AppInstallationType.guild in authorizing_integration_owners


@dataclass(frozen=True)
class Place:
    """What one interaction allows."""

    in_server: bool  # a server channel (not a DM or group DM)
    bot_dm: bool  # the person's DM with the bot user
    bot_present: bool  # the bot user can post here: a server that installed the app, or the bot's DM
    followup_limit: int | None  # 5 when only a user install authorized the interaction

    @property
    def shared(self) -> bool:
        """Others read this channel (a server or a group DM): private replies must be ephemeral."""
        return not self.bot_dm

    @property
    def private_chat(self) -> bool:
        """The core should treat it as a one-to-one conversation: the bot's DM, or anywhere the bot isn't present
        (every answer there is ephemeral, so only the asker ever sees the conversation)."""
        return self.bot_dm or not self.bot_present


def place_of(interaction: discord.Interaction[Any]) -> Place:
    owners: dict[int, int] = dict(getattr(interaction, "_integration_owners", {}))  # discord.py keeps no public copy
    in_server = interaction.guild_id is not None
    bot_dm = not in_server and (interaction.context.dm_channel or not interaction.context.private_channel)
    guild_installed = GUILD_INSTALL in owners or not owners  # no owners at all: an older payload, a guild install
    bot_present = (interaction.is_guild_integration() or not owners) if in_server else bot_dm
    return Place(
        in_server=in_server,
        bot_dm=bot_dm,
        bot_present=bot_present,
        followup_limit=None if guild_installed else USER_INSTALL_FOLLOWUPS,
    )


def server_only_refusal(place: Place, what: str) -> str | None:
    """Why ``what`` (e.g. "Channel digests") cannot be set up here, or None when it can."""
    if place.in_server and place.bot_present:
        return None
    if place.in_server:
        return (
            f"{what} need Backend Mentor in this server, and it isn't here: you're using it as your own app. "
            "A server admin can add it to the server; until then `/mentor digest-me` sends the digest to you."
        )
    return (
        f"{what} belong to a server channel: run this in a server where Backend Mentor is added. "
        "For yourself, `/mentor digest-me` works anywhere."
    )
