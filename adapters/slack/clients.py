"""Web API and ``response_url`` clients, pointed at ``SLACK_API_URL``.

Two flavours: *interactive* clients (answers to a person who is waiting) retry a 429 after its Retry-After and a
dropped connection; the *outbound* client (scheduled sends) retries nothing, so a rate limit is reported, not slept on.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.settings import Settings

TIMEOUT_SECONDS = 10
RATE_LIMIT_RETRIES = 2
API_ERRORS = (SlackApiError, SlackClientError, aiohttp.ClientError, TimeoutError)


def interactive_retries() -> list[AsyncRetryHandler]:
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES), AsyncConnectionErrorRetryHandler()]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url
    return url if url.endswith("/") else url + "/"


def bot_token(settings: Settings) -> str:
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    return settings.slack_bot_token.get_secret_value()


def interactive_client(settings: Settings, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """The bot's Web API client for replies to people: retries rate limits and connection errors."""
    return AsyncWebClient(
        token=bot_token(settings),
        base_url=api_base_url(settings),
        timeout=TIMEOUT_SECONDS,
        session=session,
        retry_handlers=interactive_retries(),
    )


def outbound_client(settings: Settings, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """The bot's Web API client for scheduled sends: no retries, the caller decides when to try again."""
    return AsyncWebClient(
        token=bot_token(settings),
        base_url=api_base_url(settings),
        timeout=TIMEOUT_SECONDS,
        session=session,
        retry_handlers=[],
    )


def response_url_client(url: str, session: aiohttp.ClientSession | None = None) -> AsyncWebhookClient:
    """A client for one ``response_url`` (slash commands, clicks), with the interactive retries."""
    return AsyncWebhookClient(url, timeout=TIMEOUT_SECONDS, session=session, retry_handlers=interactive_retries())


def error_code(exc: BaseException) -> str:
    """Slack's error code (``channel_not_found``...) or the exception's type: safe to log."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__
