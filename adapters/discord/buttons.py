"""Buttons that keep working after a restart: the custom id carries the command, a dynamic item reads it back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import discord

from adapters.discord.render import COMMAND_PREFIX, ButtonSpec


@runtime_checkable
class ClickHandler(Protocol):
    """What the client offers a clicked button: the grammar text the button stands for."""

    async def handle_click(self, interaction: discord.Interaction[Any], command: str) -> None: ...


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(re.escape(COMMAND_PREFIX) + r"(?P<command>.+)", re.DOTALL),
):
    """A button whose custom id is ``m:<command>``; registered once per client, so any message's buttons dispatch."""

    def __init__(self, spec: ButtonSpec) -> None:
        super().__init__(
            discord.ui.Button(label=spec.label, custom_id=spec.custom_id, style=discord.ButtonStyle.secondary)
        )
        self.command = spec.command

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CommandButton:
        return cls(ButtonSpec(getattr(item, "label", None) or "…", COMMAND_PREFIX + match["command"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if isinstance(interaction.client, ClickHandler):
            await interaction.client.handle_click(interaction, self.command)


def make_view(buttons: Sequence[ButtonSpec]) -> discord.ui.View | None:
    """A view holding the buttons, or None when there are none (timeout None: the buttons never expire)."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for spec in buttons:
        view.add_item(CommandButton(spec))
    return view
