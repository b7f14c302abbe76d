"""The plan assessment's first four questions as one Discord modal (``/mentor plan-form``).

A modal holds at most 5 top-level components: level and target are single selects, the focus areas one multi-select
(14 areas: more than a checkbox group's 10), the hours a short text input, each inside a ``Label``. The submission
becomes one grammar command, ``plan answers level … target … hours … focus …``, answered by ``Mentor.handle`` like any
other text; the core checks every value and continues with the main language, known topics, the quick check and the
check-in, as buttons. Typing ``plan`` in a DM remains the step-by-step fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot.content import LEVELS

TITLE = "Build your learning plan"  # at most 45 characters
CURRENT = LEVELS[:-1]  # nobody plans a step up from the top
TARGETS = LEVELS[1:]
HOURS_MAX_CHARS = 3


class FormHost(Protocol):
    async def run_command(self, interaction: discord.Interaction[Any], text: str) -> None: ...


def plan_answers(level: str, target: str, hours: str, focus: Sequence[str]) -> str:
    """The grammar text of a filled-in form; the hours go as typed (without spaces), for the core to check."""
    hours_text = "".join(hours.split()) or "?"
    return f"plan answers level {level} target {target} hours {hours_text} focus {','.join(focus) or 'all'}"


def _options(values: Sequence[str]) -> list[discord.SelectOption]:
    return [discord.SelectOption(label=value.capitalize(), value=value) for value in values]


class PlanForm(discord.ui.Modal):
    """Level, target, focus areas and hours in one go."""

    def __init__(self, host: FormHost, areas: Sequence[tuple[str, str]]) -> None:
        super().__init__(title=TITLE, custom_id="mentor-plan-form", timeout=15 * 60)
        self._host = host
        self.level: discord.ui.Select[Any] = discord.ui.Select(custom_id="plan-level", options=_options(CURRENT))
        self.target: discord.ui.Select[Any] = discord.ui.Select(custom_id="plan-target", options=_options(TARGETS))
        self.focus: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="plan-focus",
            options=[discord.SelectOption(label=title, value=area) for title, area in areas],
            min_values=0,
            max_values=len(areas),
            required=False,
            placeholder="None picked: all areas",
        )
        self.hours: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="plan-hours", placeholder="e.g. 6", min_length=1, max_length=HOURS_MAX_CHARS
        )
        self.add_item(discord.ui.Label(text="Your level today", component=self.level))
        self.add_item(discord.ui.Label(text="The level you're aiming for", component=self.target))
        self.add_item(
            discord.ui.Label(
                text="Focus areas", description="Pick any number; none means all 14 areas", component=self.focus
            )
        )
        self.add_item(
            discord.ui.Label(text="Hours a week", description="A whole number, 1 to 40", component=self.hours)
        )

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        level = self.level.values[0] if self.level.values else ""
        target = self.target.values[0] if self.target.values else ""
        text = plan_answers(level, target, self.hours.value, list(self.focus.values))
        await self._host.run_command(interaction, text)
