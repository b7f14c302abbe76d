"""The core's ``Messenger`` over Discord's REST API alone, for digests and check-ins: no gateway connection needed."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import aiohttp
import discord

from adapters.discord.answer import NO_PINGS
from adapters.discord.buttons import make_view
from adapters.discord.render import Outgoing, render
from adapters.settings import Settings
from bot.messages import Destination, Reply
from bot.ports import SendOutcome, SendResult

log = logging.getLogger(__name__)

USER_AGENT = f"DiscordBot (https://github.com/Rapptz/discord.py, {discord.__version__}) backend-mentor"
DEFAULT_RETRY_AFTER = 1.0


class SendError(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.detail)
        self.result = result


class DiscordMessenger:
    """Posts a reply to a channel, or to a user's DM (opening the DM channel first); never sleeps on a rate limit.

    Failures come back by kind: GONE (404 unknown channel or user, 403 missing access, DMs closed — 50007),
    RATE_LIMITED with Discord's ``retry_after``, TRANSIENT (5xx, network errors, anything else refused).
    """

    def __init__(self, token: str, api_url: str = "https://discord.com/api/v10", *, timeout: float = 15.0) -> None:
        self._headers = {"Authorization": f"Bot {token}", "User-Agent": USER_AGENT}
        self._api_url = api_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._dm_channels: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> DiscordMessenger:
        if settings.discord_token is None:
            raise ValueError("DISCORD_TOKEN is not set")
        return cls(settings.discord_token.get_secret_value(), settings.discord_api_url)

    async def send(self, destination: Destination, reply: Reply) -> SendResult:
        parts = render(reply)
        sent = 0
        try:
            channel = destination.channel or await self._dm_channel(destination.user)
            for part in parts:
                await self._request("POST", f"/channels/{channel}/messages", part)
                sent += 1
        except SendError as failed:
            result = failed.result
        except (aiohttp.ClientError, TimeoutError) as exc:
            result = SendResult(SendOutcome.TRANSIENT, detail=type(exc).__name__)
        else:
            return SendResult(SendOutcome.SENT)
        log.warning("discord send failed", extra={"destination": destination.key, "outcome": str(result.outcome)})
        if sent:  # part of a long reply is out: sending it all again would post that part twice
            return SendResult(SendOutcome.SENT, detail=f"partial: {sent} of {len(parts)} messages ({result.detail})")
        return result

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> DiscordMessenger:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _dm_channel(self, user: str | None) -> str:
        if not user:
            raise SendError(SendResult(SendOutcome.GONE, detail="destination has neither channel nor user"))
        if user not in self._dm_channels:
            data = await self._request("POST", "/users/@me/channels", {"recipient_id": user})
            self._dm_channels[user] = str(data["id"])
        return self._dm_channels[user]

    async def _request(self, method: str, path: str, body: Outgoing | Mapping[str, Any]) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=self._headers)
        kwargs = _message_body(body) if isinstance(body, Outgoing) else {"json": dict(body)}
        async with self._session.request(method, self._api_url + path, **kwargs) as response:
            text = await response.text()
            data = _json(text)
            if response.status >= 300:
                raise SendError(classify(response.status, data, response.headers))
            return data


def classify(status: int, body: Any, headers: Mapping[str, str]) -> SendResult:
    """A failed REST call as the core's outcome kinds."""
    code = body.get("code") if isinstance(body, dict) else None
    detail = f"HTTP {status}" + (f" code {code}" if code is not None else "")
    if status == 429:
        return SendResult(SendOutcome.RATE_LIMITED, retry_after=_retry_after(body, headers), detail=detail)
    if status in (403, 404):  # unknown channel/user, missing access or permissions, DMs closed (50007)
        return SendResult(SendOutcome.GONE, detail=detail)
    return SendResult(SendOutcome.TRANSIENT, detail=detail)


def _retry_after(body: Any, headers: Mapping[str, str]) -> float:
    """Seconds to wait: the body's precise ``retry_after``, else the ``Retry-After`` header."""
    for value in (body.get("retry_after") if isinstance(body, dict) else None, headers.get("Retry-After")):
        if value is None:
            continue
        try:
            return max(float(value), 0.0)
        except (TypeError, ValueError):  # not a number
            continue
    return DEFAULT_RETRY_AFTER


def _message_body(part: Outgoing) -> dict[str, Any]:
    """The request body of one message: JSON, or multipart with ``payload_json`` when there are files."""
    payload: dict[str, Any] = {"embeds": [e.to_dict() for e in part.embeds], "allowed_mentions": NO_PINGS.to_dict()}
    view = make_view(part.buttons)
    if view is not None:
        payload["components"] = view.to_components()
    if not part.files:
        return {"json": payload}
    payload["attachments"] = [
        {"id": i, "filename": f.name, "description": f.alt_text} for i, f in enumerate(part.files)
    ]
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps(payload), content_type="application/json")
    for i, f in enumerate(part.files):
        form.add_field(f"files[{i}]", f.data, filename=f.name, content_type="application/octet-stream")
    return {"data": form}


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except json.JSONDecodeError:
        return None
