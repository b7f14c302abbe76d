"""Process roles for ``mentor run --role``: what each kind of process runs, and what it needs to run it.

``web``: Slack (HTTP behind a load balancer, or Socket Mode), any number. ``discord``: the gateway connection, one
process (sharded with ``DISCORD_SHARD_COUNT``). ``scheduler``: the delivery scheduler, any number, one of them
leading. ``all`` (no role given): everything configured in one process, the console when nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from adapters.settings import Settings


class Role(StrEnum):
    ALL = "all"
    WEB = "web"
    DISCORD = "discord"
    SCHEDULER = "scheduler"


class RoleError(ValueError):
    """The role cannot run with these settings; the message says what is missing."""


@dataclass(frozen=True)
class Parts:
    """What one process runs."""

    scheduler: bool
    slack: bool
    discord: bool
    console: bool


def slack_inbound(settings: Settings) -> bool:
    """Slack can be served: a bot token (or a multi-workspace install's client id and secret), and a signing
    secret (HTTP) or an app token (Socket Mode)."""
    has_way_in = settings.slack_signing_secret is not None or settings.slack_app_token is not None
    return (settings.slack_bot_token is not None or settings.slack_oauth) and has_way_in


def parts_of(role: Role, settings: Settings) -> Parts:
    """The parts ``role`` runs with ``settings``; ``RoleError`` when the role's platform is not configured."""
    if role is Role.WEB:
        if not slack_inbound(settings):
            raise RoleError(
                "the web role serves Slack: set SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and "
                "SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for any number of workspaces)"
            )
        return Parts(scheduler=False, slack=True, discord=False, console=False)
    if role is Role.DISCORD:
        if settings.discord_token is None:
            raise RoleError("the discord role holds the gateway connection: set DISCORD_TOKEN")
        return Parts(scheduler=False, slack=False, discord=True, console=False)
    if role is Role.SCHEDULER:
        return Parts(scheduler=True, slack=False, discord=False, console=False)
    slack, discord = slack_inbound(settings), settings.discord_token is not None
    return Parts(scheduler=True, slack=slack, discord=discord, console=not (slack or discord))
