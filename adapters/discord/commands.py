"""The ``/mentor`` command group: each subcommand turns its options into the core's grammar text."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

import discord
from discord import app_commands
from discord.app_commands import AppCommandChannel, Choice

from adapters.discord import command_text
from adapters.discord.incoming import workspace_of
from adapters.discord.plan_form import PlanForm
from adapters.discord.suggest import Suggestions

DAYS = (
    ("Monday", "mon"),
    ("Tuesday", "tue"),
    ("Wednesday", "wed"),
    ("Thursday", "thu"),
    ("Friday", "fri"),
    ("Saturday", "sat"),
    ("Sunday", "sun"),
)
TIME_HELP = "Local time as HH:MM, 24-hour (e.g. 09:00)"
ZONE_HELP = "Your IANA time zone, e.g. Europe/Berlin (Discord does not tell us yours)"


class CommandHost(Protocol):
    """Where a subcommand's grammar text goes: the client answers it like any other message."""

    async def run_command(self, interaction: discord.Interaction[Any], text: str) -> None: ...

    async def run_server_command(self, interaction: discord.Interaction[Any], text: str, what: str) -> None:
        """A command about the server's channels (``what`` names them): refused, with the reason, elsewhere."""


class PostableChannel(app_commands.Transformer):
    """A text or announcement channel option, taken as Discord resolved it (no cache needed)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        return value


Channel = app_commands.Transform[AppCommandChannel, PostableChannel]


EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
BOTH_INSTALLS = app_commands.AppInstallationType(guild=True, user=True)
DIGESTS = "Channel digests"


def build_group(host: CommandHost, suggestions: Suggestions) -> app_commands.Group:
    """``/mentor`` with every subcommand; the command payload depends only on ``suggestions.areas``.

    Installable to a server and to a person's account, usable in servers, the bot's DM and group DMs (Discord applies
    contexts to the whole group only, so the server-only subcommands check where they are run).
    """
    group = app_commands.Group(
        name="mentor",
        description="Backend Mentor: learn the concept before the tool",
        allowed_contexts=EVERYWHERE,
        allowed_installs=BOTH_INSTALLS,
    )
    _add_learning(group, host, suggestions)
    _add_schedules(group, host, suggestions)
    return group


def _choices(names: list[str]) -> list[Choice[str]]:
    return [Choice(name=n, value=n) for n in names]


def _add_learning(group: app_commands.Group, host: CommandHost, suggestions: Suggestions) -> None:
    async def topic_names(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
        return _choices(suggestions.topics(current))

    async def plan_topic_names(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
        workspace = workspace_of(interaction.guild_id)
        user = str(interaction.user.id)
        return _choices(await asyncio.to_thread(suggestions.plan_topics, workspace, user, current))

    @group.command(name="ask", description="Ask the mentor anything about backend engineering")
    @app_commands.describe(question="Your question, or a topic to read about")
    @app_commands.autocomplete(question=topic_names)
    async def ask(interaction: discord.Interaction[Any], question: str) -> None:
        await host.run_command(interaction, command_text.words("ask", question))

    @group.command(name="tip", description="One concept-before-tool tip")
    async def tip(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "tip")

    @group.command(name="topics", description="Browse the areas of backend engineering and their topics")
    @app_commands.describe(area="The area to list (leave empty for all areas)")
    @app_commands.choices(area=[Choice(name=title, value=area) for title, area in suggestions.areas])
    async def topics(interaction: discord.Interaction[Any], area: str | None = None) -> None:
        await host.run_command(interaction, command_text.words("topics", area))

    @group.command(name="plan", description="Your learning plan (continues in your DMs)")
    async def plan(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "plan")

    @group.command(name="plan-form", description="Build your learning plan: a short form, then a few buttons")
    async def plan_form(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(PlanForm(host, suggestions.areas))

    @group.command(name="plan-picture", description="Your learning plan as a picture")
    async def plan_picture(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "plan picture")

    @group.command(name="done", description="Mark a topic of your plan as done")
    @app_commands.describe(topic="The topic you finished")
    @app_commands.autocomplete(topic=plan_topic_names)
    async def done(interaction: discord.Interaction[Any], topic: str) -> None:
        await host.run_command(interaction, command_text.words("done", topic))

    @group.command(name="skip", description="Skip a topic of your plan")
    @app_commands.describe(topic="The topic to skip")
    @app_commands.autocomplete(topic=plan_topic_names)
    async def skip(interaction: discord.Interaction[Any], topic: str) -> None:
        await host.run_command(interaction, command_text.words("skip", topic))

    @group.command(name="forget", description="Delete everything the mentor stores about you")
    async def forget(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "forget me")

    @group.command(name="export", description="Everything the mentor stores about you, as one file in your DMs")
    async def export(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "export me")


def _add_schedules(group: app_commands.Group, host: CommandHost, suggestions: Suggestions) -> None:
    async def zone_names(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
        return _choices(suggestions.timezones(current))

    @group.command(name="checkin", description="Turn your weekly plan check-in on or off")
    @app_commands.describe(on="On or off", day="Day of the check-in", time=TIME_HELP, timezone=ZONE_HELP)
    @app_commands.choices(day=[Choice(name=name, value=value) for name, value in DAYS])
    @app_commands.autocomplete(timezone=zone_names)
    async def checkin(
        interaction: discord.Interaction[Any],
        on: bool,
        day: str | None = None,
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        await host.run_command(interaction, command_text.checkin(on, day, time, timezone))

    @group.command(name="digest-subscribe", description="Post the weekly digest in a channel (admins)")
    @app_commands.describe(
        channel="Where to post (default: this channel)",
        days="Days, e.g. mon or mon,thu (default: mon)",
        time=TIME_HELP,
        timezone=ZONE_HELP,
    )
    @app_commands.autocomplete(timezone=zone_names)
    async def digest_subscribe(
        interaction: discord.Interaction[Any],
        channel: Channel | None = None,
        days: str | None = None,
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        channel_id = channel.id if channel else None
        await host.run_server_command(
            interaction, command_text.digest_subscribe(channel_id, days, time, timezone), DIGESTS
        )

    @group.command(name="digest-unsubscribe", description="Stop the weekly digest in a channel (admins)")
    @app_commands.describe(channel="Which channel (default: this channel)")
    async def digest_unsubscribe(interaction: discord.Interaction[Any], channel: Channel | None = None) -> None:
        await host.run_server_command(
            interaction, command_text.digest_unsubscribe(channel.id if channel else None), DIGESTS
        )

    @group.command(name="digest-status", description="This server's digest subscriptions")
    async def digest_status(interaction: discord.Interaction[Any]) -> None:
        await host.run_server_command(interaction, "digest status", DIGESTS)

    @group.command(name="digest-preview", description="See the next digest, privately")
    async def digest_preview(interaction: discord.Interaction[Any]) -> None:
        await host.run_command(interaction, "digest preview")

    @group.command(name="digest-now", description="Post the next digest here now (admins)")
    async def digest_now(interaction: discord.Interaction[Any]) -> None:
        await host.run_server_command(interaction, "digest now", DIGESTS)

    @group.command(name="mentors-channel", description="Where questions I can't answer go (admins)")
    @app_commands.describe(channel="The human mentors' channel (leave empty to turn it off)")
    async def mentors_channel(interaction: discord.Interaction[Any], channel: Channel | None = None) -> None:
        text = command_text.words("mentors channel", command_text.channel_ref(channel.id)) if channel else "mentors off"
        await host.run_server_command(interaction, text, "The mentors' channel and channel digests")

    @group.command(name="digest-me", description="Get the weekly digest in your DMs")
    @app_commands.describe(on="On or off", days="Days, e.g. mon or mon,thu", time=TIME_HELP, timezone=ZONE_HELP)
    @app_commands.autocomplete(timezone=zone_names)
    async def digest_me(
        interaction: discord.Interaction[Any],
        on: bool,
        days: str | None = None,
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        await host.run_command(interaction, command_text.digest_me(on, days, time, timezone))
