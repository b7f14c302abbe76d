"""Sending the core's replies back: as the response to an interaction, or after a DM or a mention."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from adapters.discord.buttons import make_view
from adapters.discord.place import place_of
from adapters.discord.render import Outgoing, render
from bot.messages import Reply

NO_PINGS = discord.AllowedMentions.none()  # replies echo user text: never let it ping anyone
DM_SENT = "Sent to your DMs."
DM_CLOSED = (
    "I couldn't send you a DM. Allow direct messages from this server's members "
    "(the server's Privacy Settings), then try again."
)
POSTED = "Posted in this channel."
NOT_HERE = "Backend Mentor isn't added to this server, so it can't post in other channels from here."
TOO_LONG = "That's all Discord lets me show here. DM me (or use `/mentor` in our DM) for the rest."
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
    """The replies to one interaction: only the asker sees them outside the bot's DM unless a reply is public;
    a reply marked ``to_dm`` goes to the asker's DMs, with a short private note here.

    Where the bot user is absent (a user install used in a server or a group DM) everything is answered through the
    interaction's webhook alone, privately, within Discord's 5 follow-ups for such interactions.
    """

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self._interaction = interaction
        self._place = place_of(interaction)
        self._thinking = False
        self._notes: list[str] = []
        self._followups = 0

    async def defer(self) -> None:
        """Buy time past Discord's 3 s: a "thinking…" placeholder that the first reply replaces."""
        await self._interaction.response.defer(ephemeral=self._place.shared, thinking=True)
        self._thinking = True

    async def send(self, replies: Sequence[Reply]) -> None:
        """DM replies go first, so the interaction's own answer can say whether the DM arrived."""
        if not replies:
            await self._quietly()
            return
        for reply in replies:
            if reply.post_to is not None:
                await self._elsewhere(reply)
            elif self._to_dm(reply):
                await self._dm(reply)
        parts = [
            (part, self._ephemeral(reply))
            for reply in replies
            if not self._to_dm(reply) and reply.post_to is None
            for part in render(reply)
        ]
        for i, (part, ephemeral) in enumerate(parts):
            if not await self._here(part, ephemeral=ephemeral, more=i < len(parts) - 1):
                break
        await self._settle()

    def _to_dm(self, reply: Reply) -> bool:
        return reply.to_dm and self._place.in_server and self._place.bot_present

    def _ephemeral(self, reply: Reply) -> bool:
        if not self._place.shared:
            return False
        return reply.private or not self._place.bot_present

    async def _elsewhere(self, reply: Reply) -> None:
        if self._place.bot_present:
            await post_elsewhere(self._interaction.client, reply)
        else:
            self._notes.append(NOT_HERE)

    async def _here(self, part: Outgoing, *, ephemeral: bool, more: bool) -> bool:
        """Send one message; False once the follow-up budget is spent (the last one then says so)."""
        interaction = self._interaction
        kwargs = message_kwargs(part)
        if not interaction.response.is_done():
            await interaction.response.send_message(**kwargs, ephemeral=ephemeral)
            return True
        if self._thinking:
            self._thinking = False
            if ephemeral != self._place.shared:  # the placeholder's visibility is fixed: close it, post separately
                await interaction.edit_original_response(content=POSTED)
        limit = self._place.followup_limit
        if limit is not None and more and self._followups == limit - 1:
            await self._followup(TOO_LONG, ephemeral=True)
            return False
        await self._followup(kwargs, ephemeral=ephemeral)
        return True

    async def _followup(self, message: dict[str, Any] | str, *, ephemeral: bool) -> None:
        self._followups += 1
        if isinstance(message, str):
            await self._interaction.followup.send(message, ephemeral=ephemeral, allowed_mentions=NO_PINGS)
        else:
            await self._interaction.followup.send(**message, ephemeral=ephemeral)

    async def _dm(self, reply: Reply) -> None:
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
        elif note and (self._place.followup_limit is None or self._followups < self._place.followup_limit):
            await self._followup(note, ephemeral=True)


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
