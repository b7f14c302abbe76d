"""The Discord adapter: ``/mentor`` app commands, buttons, DMs and mentions, and a REST-only messenger.

``run_discord(app)`` serves until cancelled; ``sync_commands(settings)`` registers the commands on demand;
``DiscordMessenger`` is the core's outbound port for digests and check-ins.
"""

from adapters.discord.messenger import DiscordMessenger
from adapters.discord.runner import run_discord, sync_commands

__all__ = ["DiscordMessenger", "run_discord", "sync_commands"]
