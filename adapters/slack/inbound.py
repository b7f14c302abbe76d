"""Slack payloads -> the core's ``Incoming`` (pure functions: no I/O, nothing read from the text's meaning).

Each function also names the *surface* the answer goes back to (a ``response_url`` or a channel and thread).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from adapters.slack.render import unescape
from bot.messages import Incoming, Platform, bounded

Payload = dict[str, Any]


@dataclass(frozen=True)
class Profile:
    """What ``users.info`` tells about a person; the defaults are used when it cannot be read."""

    is_admin: bool = False
    display_name: str = ""
    timezone: str | None = None
    locale: str | None = None


@dataclass(frozen=True)
class Surface:
    """Where the answers to one request go.

    ``response_url`` (slash commands, clicks on messages): ephemeral or in-channel replies through it.
    Otherwise ``channel`` (+ ``thread_ts``): ``chat.postMessage`` there (mentions, DMs).
    Neither: the user's DM.
    """

    user: str
    channel: str | None = None
    thread_ts: str | None = None
    response_url: str | None = None


@dataclass(frozen=True)
class Request:
    incoming: Incoming
    surface: Surface


def is_dm_channel(channel: str) -> bool:
    """Slack's 1:1 DM channel ids start with D."""
    return channel.startswith("D")


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """Drop mentions of the bot itself (``<@U123>`` or ``<@U123|name>``)."""
    if not bot_user_id:
        return text.strip()
    return re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", "", text).strip()  # [^<>]: one pass, not n²


def from_command(body: Payload, profile: Profile) -> Request:
    """A slash command (form fields): the text after ``/mentor`` is the core's text."""
    channel = str(body.get("channel_id") or "")
    user = str(body["user_id"])
    text = bounded(str(body.get("text") or ""), unescape)
    incoming = _incoming(body.get("team_id"), channel, user, text, profile)
    return Request(incoming, Surface(user=user, channel=channel or None, response_url=body.get("response_url")))


def from_mention(body: Payload, bot_user_id: str | None, profile: Profile) -> Request:
    """An ``app_mention`` in a channel: answered in the thread it started (or continued)."""
    event = body["event"]
    thread = event.get("thread_ts") or event.get("ts")
    text = _said(event, bot_user_id)
    incoming = _incoming(_team(body), event["channel"], event["user"], text, profile, thread=thread)
    return Request(incoming, Surface(user=event["user"], channel=event["channel"], thread_ts=thread))


def from_dm(body: Payload, bot_user_id: str | None, profile: Profile) -> Request:
    """A ``message.im``: answered in the DM (in the thread when the person wrote in one)."""
    event = body["event"]
    thread = event.get("thread_ts")
    text = _said(event, bot_user_id)
    incoming = _incoming(_team(body), event["channel"], event["user"], text, profile, thread=thread)
    return Request(incoming, Surface(user=event["user"], channel=event["channel"], thread_ts=thread))


def is_person_dm(body: Payload) -> bool:
    """True for a DM a person wrote (not an edit, a deletion, a bot or a channel message)."""
    event = body.get("event") or {}
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in (None, "file_share", "thread_broadcast")
        and not event.get("bot_id")
        and bool(event.get("user"))
    )


def from_click(body: Payload, action: Payload, profile: Profile, dm_channel: str | None = None) -> Request:
    """A button click (``block_actions``): the button's value is the command, sent as the core's text.

    Clicks on messages answer through the payload's ``response_url``; clicks in the App Home have none and are
    answered in the person's DM (``dm_channel``).
    """
    user = str(body["user"]["id"])
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or dm_channel or ""
    thread = container.get("thread_ts")
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id")
    value = bounded(str(action.get("value") or ""))
    incoming = _incoming(team, channel, user, value, profile, thread=thread, click=True)
    surface = Surface(user=user, channel=channel or None, thread_ts=thread, response_url=body.get("response_url"))
    return Request(incoming, surface)


def from_home(body: Payload, profile: Profile) -> Incoming:
    """Opening the App Home tab: who opened it, for the core's ``home`` (the text is not read)."""
    event = body["event"]
    return _incoming(_team(body), str(event.get("channel") or ""), event["user"], "", profile)


def is_home_click(body: Payload) -> bool:
    """True for a ``block_actions`` payload from a button in the App Home tab."""
    return (body.get("view") or {}).get("type") == "home"


def home_of(clicked: Incoming) -> Incoming:
    """The home of the person who just pressed a button in it (same workspace, user and profile)."""
    return replace(clicked, text="", thread=None, is_click=False)


def event_key(body: Payload) -> str | None:
    """The dedup key of an Events API delivery (the same on every retry), or None when it has no id."""
    event_id = body.get("event_id")
    return f"slack:{_team(body)}:{event_id}" if event_id else None


def _said(event: Payload, bot_user_id: str | None) -> str:
    """What a person wrote, without the bot's mention, unescaped; cut at the cap before any of that."""
    return bounded(str(event.get("text") or ""), lambda text: unescape(strip_mention(text, bot_user_id)))


def _team(body: Payload) -> str:
    event = body.get("event") or {}
    return str(body.get("team_id") or event.get("team") or "")


def _incoming(
    team: Any, channel: str, user: str, text: str, profile: Profile, *, thread: str | None = None, click: bool = False
) -> Incoming:
    return Incoming(
        platform=Platform.SLACK,
        workspace=str(team or ""),
        channel=channel,
        user=user,
        text=text,
        display_name=profile.display_name,
        is_dm=is_dm_channel(channel),
        is_admin=profile.is_admin,
        thread=thread,
        locale=profile.locale,
        timezone=profile.timezone,
        is_click=click,
    )
