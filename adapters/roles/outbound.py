"""The messengers a sending process needs: one per configured platform, REST only (no gateway, no web process)."""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack

from sqlalchemy import Engine

from adapters.outbound import ConsoleMessenger, RoutingMessenger
from adapters.settings import Settings
from bot.messages import Platform
from bot.ports import Messenger

log = logging.getLogger(__name__)


async def outbound_messenger(
    settings: Settings, cleanup: AsyncExitStack, engine: Engine | None = None
) -> RoutingMessenger:
    """Console always; Discord with ``DISCORD_TOKEN``; Slack with ``SLACK_BOT_TOKEN``, or with a multi-workspace
    install (``SLACK_CLIENT_ID``) each workspace's token from ``engine``. Closed by ``cleanup``."""
    messengers: dict[str, Messenger] = {Platform.CONSOLE: ConsoleMessenger()}
    if settings.discord_token is not None:
        from adapters.discord import DiscordMessenger  # noqa: PLC0415 (heavy SDK, only when configured)

        discord_messenger = DiscordMessenger.from_settings(settings)
        cleanup.push_async_callback(discord_messenger.close)
        messengers[Platform.DISCORD] = discord_messenger
    if settings.slack_bot_token is not None or settings.slack_oauth:
        from adapters.slack import SlackMessenger  # noqa: PLC0415 (heavy SDK, only when configured)
        from adapters.slack.clients import http_session  # noqa: PLC0415

        session = await cleanup.enter_async_context(http_session(settings))
        messengers[Platform.SLACK] = SlackMessenger.from_settings(settings, session, engine)
    if len(messengers) == 1:
        log.warning("no chat platform is configured: only console destinations can be sent to")
    return RoutingMessenger(messengers)
