"""The core's ``Messenger`` over Discord's REST API alone, for digests and check-ins: no gateway connection needed.

Every message part is posted with a ``nonce`` (the delivery key and the part number, at most 25 characters) and
``enforce_nonce``: within Discord's few-minute window a resend returns the first message instead of posting again.
Messages fetched later carry no nonce, so the key also goes in the last embed's footer (``ref <key>``), where
``find`` looks for it among the channel's messages around the attempt.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import aiohttp
import discord

from adapters.discord.answer import NO_PINGS
from adapters.discord.buttons import make_view
from adapters.discord.render import FOOTER_MAX, Outgoing, render
from adapters.settings import Settings
from bot.messages import Destination, Reply
from bot.ports import FindResult, Presence, SendOutcome, SendResult

log = logging.getLogger(__name__)

USER_AGENT = f"DiscordBot (https://github.com/Rapptz/discord.py, {discord.__version__}) backend-mentor"
DEFAULT_RETRY_AFTER = 1.0
DISCORD_EPOCH_MS = 1_420_070_400_000
LOOK_BEFORE = timedelta(minutes=2)
PAGE = 100
PAGES = 3
CHECK_RETRY_SECONDS = 30.0
REF = re.compile(r"ref ([0-9a-f]{6,25})$")


class SendError(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.detail)
        self.result = result


class DiscordMessenger:
    """Posts a reply to a channel, or to a user's DM (opening the DM channel first); never sleeps on a rate limit.

    Failures come back by kind: GONE (404 unknown channel or user), FORBIDDEN (403 missing access, DMs closed —
    50007), INVALID (400), RATE_LIMITED with Discord's ``retry_after``, NOT_SENT (no connection, 401), UNKNOWN (5xx,
    a dropped connection or a timeout after the request left).
    """

    def __init__(self, token: str, api_url: str = "https://discord.com/api/v10", *, timeout: float = 10.0) -> None:
        self._headers = {"Authorization": f"Bot {token}", "User-Agent": USER_AGENT}
        self._api_url = api_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._dm_channels: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> DiscordMessenger:
        if settings.discord_token is None:
            raise ValueError("DISCORD_TOKEN is not set")
        token = settings.discord_token.get_secret_value()
        return cls(token, settings.discord_api_url, timeout=settings.mentor_http_timeout_seconds)

    async def send(self, destination: Destination, reply: Reply, delivery_key: str) -> SendResult:
        parts = render(reply)
        sent, posting = 0, False
        try:
            channel = destination.channel or await self._dm_channel(destination.user)
            for number, part in enumerate(parts):
                posting = True
                await self._request(
                    "POST", f"/channels/{channel}/messages", **_message_body(part, delivery_key, number)
                )
                sent += 1
        except SendError as failed:
            result = failed.result
        except (aiohttp.ClientError, TimeoutError) as exc:
            never_left = isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)
            result = SendResult(SendOutcome.NOT_SENT if never_left else SendOutcome.UNKNOWN, detail=type(exc).__name__)
        else:
            return SendResult(SendOutcome.DELIVERED)
        log.warning("discord send failed", extra={"destination": destination.key, "outcome": str(result.outcome)})
        if sent:  # part of a long reply is out: sending it all again would post that part twice
            detail = f"partial: {sent} of {len(parts)} messages ({result.detail})"
            return SendResult(SendOutcome.DELIVERED, detail=detail)
        if not posting and result.outcome is SendOutcome.UNKNOWN:  # opening the DM channel: nothing was posted
            return SendResult(SendOutcome.NOT_SENT, detail=result.detail)
        return result

    async def find(self, destination: Destination, delivery_key: str, since: datetime) -> FindResult:
        """Look through the channel's messages from just before ``since`` for one whose footer names the key."""
        try:
            channel = destination.channel or await self._dm_channel(destination.user)
            after = snowflake(since - LOOK_BEFORE)
            for _ in range(PAGES):
                messages = await self._request("GET", f"/channels/{channel}/messages?limit={PAGE}&after={after}")
                if not isinstance(messages, list):
                    return FindResult(Presence.CANNOT_TELL, "unexpected answer", CHECK_RETRY_SECONDS)
                if any(delivery_key in refs(message) for message in messages):
                    return FindResult(Presence.FOUND)
                if len(messages) < PAGE:
                    return FindResult(Presence.ABSENT)
                after = max(int(m["id"]) for m in messages)
            return FindResult(Presence.CANNOT_TELL, "too many messages around the attempt to look through")
        except SendError as failed:
            refused = failed.result
            retry = refused.retry_after if refused.outcome is SendOutcome.RATE_LIMITED else 0.0
            if refused.outcome in (SendOutcome.UNKNOWN, SendOutcome.NOT_SENT):
                retry = CHECK_RETRY_SECONDS
            return FindResult(Presence.CANNOT_TELL, f"cannot read the channel: {refused.detail}", retry)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return FindResult(Presence.CANNOT_TELL, type(exc).__name__, CHECK_RETRY_SECONDS)

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
            data = await self._request("POST", "/users/@me/channels", json={"recipient_id": user})
            self._dm_channels[user] = str(data["id"])
        return self._dm_channels[user]

    async def _request(self, method: str, path: str, **body: Any) -> Any:
        """One REST call (``json=`` or ``data=`` body); a refusal raises ``SendError`` with its outcome."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=self._headers)
        async with self._session.request(method, self._api_url + path, **body) as response:
            text = await response.text()
            data = _json(text)
            if response.status >= 300:
                raise SendError(classify(response.status, data, response.headers))
            return data


def snowflake(moment: datetime) -> int:
    """The smallest Discord id of ``moment``: messages after it have larger ids."""
    return max(0, int(moment.astimezone(UTC).timestamp() * 1000) - DISCORD_EPOCH_MS) << 22


def refs(message: Any) -> set[str]:
    """The delivery keys a fetched message names in its embed footers."""
    found = set()
    for embed in (message.get("embeds") or []) if isinstance(message, dict) else []:
        match = REF.search(str((embed.get("footer") or {}).get("text") or ""))
        if match:
            found.add(match.group(1))
    return found


def classify(status: int, body: Any, headers: Mapping[str, str]) -> SendResult:
    """A failed REST call as the core's outcome kinds."""
    code = body.get("code") if isinstance(body, dict) else None
    detail = f"HTTP {status}" + (f" code {code}" if code is not None else "")
    if status == 429:
        return SendResult(SendOutcome.RATE_LIMITED, retry_after=_retry_after(body, headers), detail=detail)
    if status == 404:  # unknown channel or user
        return SendResult(SendOutcome.GONE, detail=detail)
    if status == 403:  # missing access or permissions, DMs closed (50007)
        return SendResult(SendOutcome.FORBIDDEN, detail=detail)
    if status in (400, 413):
        return SendResult(SendOutcome.INVALID, detail=detail)
    if status >= 500:  # Discord may have posted it before failing
        return SendResult(SendOutcome.UNKNOWN, detail=detail)
    return SendResult(SendOutcome.NOT_SENT, detail=detail)


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


def _message_body(part: Outgoing, key: str, number: int) -> dict[str, Any]:
    """The request body of one message part: JSON, or multipart with ``payload_json`` when there are files."""
    embeds: list[dict[str, Any]] = [dict(e.to_dict()) for e in part.embeds]
    if embeds:
        footer = dict(embeds[-1].get("footer") or {})
        tag = f"ref {key}"
        text = str(footer.get("text") or "")
        footer["text"] = f"{text[: FOOTER_MAX - len(tag) - 3]} · {tag}" if text else tag
        embeds[-1] = {**embeds[-1], "footer": footer}
    payload: dict[str, Any] = {
        "embeds": embeds,
        "allowed_mentions": NO_PINGS.to_dict(),
        "nonce": f"{key}.{number}"[:25],
        "enforce_nonce": True,
    }
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
