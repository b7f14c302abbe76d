"""Sending the core's replies back: as the response to an interaction, or after a DM or a mention."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from adapters.discord.buttons import make_view
from adapters.discord.render import Outgoing, render
from bot.messages import Reply

NO_PINGS = discord.AllowedMentions.none()  # replies echo user text: never let it ping anyone
DM_SENT = "Sent to your DMs."
DM_CLOSED = (
    "I couldn't send you a DM. Allow direct messages from this server's members "
    "(the server's Privacy Settings), then try again."
)
POSTED = "Posted in this channel."
DONE = "Done."


def message_kwargs(part: Outgoing) -> dict[str, Any]:
    """Keyword arguments for any discord.py send: embeds, buttons, files, and no pings."""
    kwargs: dict[str, Any] = {"embeds": list(part.embeds), "allowed_mentions": NO_PINGS}
    view = make_view(part.buttons)
    if view is not None:
        kwargs["view"] = view
    if part.files:
        kwargs["files"] = part.discord_files()
    return kwargs


class InteractionAnswer:
    """The replies to one interaction: only the asker sees them in a server unless a reply is public;
    a reply marked ``to_dm`` goes to the asker's DMs, with a short private note here."""

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self._interaction = interaction
        self._in_server = interaction.guild_id is not None
        self._thinking = False
        self._notes: list[str] = []

    async def defer(self) -> None:
        """Buy time past Discord's 3 s: a "thinking…" placeholder that the first reply replaces."""
        await self._interaction.response.defer(ephemeral=self._in_server, thinking=True)
        self._thinking = True

    async def send(self, replies: Sequence[Reply]) -> None:
        """DM replies go first, so the interaction's own answer can say whether the DM arrived."""
        if not replies:
            await self._quietly()
            return
        for reply in replies:
            if reply.post_to is not None:
                await post_elsewhere(self._interaction.client, reply)
            elif reply.to_dm and self._in_server:
                await self._to_dm(reply)
        for reply in replies:
            if (reply.to_dm and self._in_server) or reply.post_to is not None:
                continue
            for part in render(reply):
                await self._here(part, ephemeral=self._in_server and reply.private)
        await self._settle()

    async def _here(self, part: Outgoing, *, ephemeral: bool) -> None:
        interaction = self._interaction
        kwargs = message_kwargs(part)
        if not interaction.response.is_done():
            await interaction.response.send_message(**kwargs, ephemeral=ephemeral)
            return
        if self._thinking:
            self._thinking = False
            if ephemeral != self._in_server:  # the placeholder's visibility is fixed: close it, post separately
                await interaction.edit_original_response(content=POSTED)
        await interaction.followup.send(**kwargs, ephemeral=ephemeral)

    async def _to_dm(self, reply: Reply) -> None:
        try:
            for part in render(reply):
                await self._interaction.user.send(**message_kwargs(part))
        except discord.Forbidden:
            self._notes.append(DM_CLOSED)
        else:
            self._notes.append(DM_SENT)

    async def _quietly(self) -> None:
        """Nothing to say (a flood being calmed): acknowledge the interaction and leave no message behind."""
        interaction = self._interaction
        if not interaction.response.is_done():
            if interaction.type == discord.InteractionType.component:
                await interaction.response.defer()  # a click: acknowledged, nothing shown
                return
            await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.delete_original_response()  # a command's "thinking…" placeholder goes away
        self._thinking = False

    async def _settle(self) -> None:
        """Make sure the interaction got an answer even when every reply went to the DMs."""
        interaction = self._interaction
        note = " ".join(dict.fromkeys(self._notes))
        if not interaction.response.is_done():
            await interaction.response.send_message(note or DONE, ephemeral=True, allowed_mentions=NO_PINGS)
        elif self._thinking:
            self._thinking = False
            await interaction.edit_original_response(content=note or DONE, allowed_mentions=NO_PINGS)
        elif note:
            await interaction.followup.send(note, ephemeral=True, allowed_mentions=NO_PINGS)


async def answer_message(client: discord.Client, message: discord.Message, replies: Sequence[Reply]) -> None:
    """Reply to a DM or a mention in the same channel (to the author's DMs for ``to_dm`` replies in a server).

    A server channel has no private messages, so a private reply to a mention is posted where it was asked.
    """
    reference: discord.Message | None = message
    for reply in replies:
        if reply.post_to is not None:
            await post_elsewhere(client, reply)
            continue
        to_dm = reply.to_dm and message.guild is not None
        target: discord.abc.Messageable = message.author if to_dm else message.channel
        try:
            for part in render(reply):
                kwargs = message_kwargs(part)
                if not to_dm and reference is not None:
                    kwargs["reference"] = reference.to_reference(fail_if_not_exists=False)
                    reference = None
                await target.send(**kwargs)
        except discord.Forbidden:
            if not to_dm:
                raise
            await message.channel.send(DM_CLOSED, reference=message, allowed_mentions=NO_PINGS)


async def post_elsewhere(client: discord.Client, reply: Reply) -> None:
    """Post ``reply`` in the channel it names (``Reply.post_to``), e.g. a question for the human mentors."""
    target = reply.post_to
    if target is None or not target.channel or not target.channel.isdigit():
        return
    channel = client.get_channel(int(target.channel)) or await client.fetch_channel(int(target.channel))
    if isinstance(channel, discord.abc.Messageable):
        for part in render(reply):
            await channel.send(**message_kwargs(part))
