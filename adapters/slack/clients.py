"""Web API and ``response_url`` clients, pointed at ``SLACK_API_URL``.

Two flavours: *interactive* clients (answers to a person who is waiting) retry a 429 after its Retry-After and a
dropped connection; the *outbound* client (scheduled sends) retries nothing, so a rate limit is reported, not slept on.
With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` (multi-workspace install) these clients hold no token: each
workspace's bot token comes from the installation store (``with_token``).
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


def timeout(settings: Settings) -> int:
    """slack-sdk's own ``timeout`` (whole seconds), for the sessions it makes when given none."""
    return max(1, round(settings.mentor_http_timeout_seconds))


def http_session(settings: Settings) -> aiohttp.ClientSession:
    """The session the Slack clients share, with ``MENTOR_HTTP_TIMEOUT_SECONDS`` as its connect and total timeouts.

    slack-sdk applies its own ``timeout`` only to sessions it makes itself; a shared session keeps aiohttp's
    default of 300 s unless it is given one here.
    """
    seconds = settings.mentor_http_timeout_seconds
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=seconds, connect=seconds))


def interactive_retries() -> list[AsyncRetryHandler]:
    return [AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES), AsyncConnectionErrorRetryHandler()]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url
    return url if url.endswith("/") else url + "/"


def bot_token(settings: Settings) -> str:
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    return settings.slack_bot_token.get_secret_value()


def default_token(settings: Settings) -> str | None:
    """The single workspace's bot token; None with a multi-workspace install (each workspace has its own)."""
    return None if settings.slack_oauth else bot_token(settings)


def with_token(client: AsyncWebClient, token: str) -> AsyncWebClient:
    """A copy of ``client`` (same URL, session, timeout and retries) that calls with ``token``."""
    return AsyncWebClient(
        token=token,
        base_url=client.base_url,
        timeout=client.timeout,
        session=client.session,
        retry_handlers=list(client.retry_handlers),
    )


def interactive_client(settings: Settings, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """The bot's Web API client for replies to people: retries rate limits and connection errors."""
    return AsyncWebClient(
        token=default_token(settings),
        base_url=api_base_url(settings),
        timeout=timeout(settings),
        session=session,
        retry_handlers=interactive_retries(),
    )


def outbound_client(settings: Settings, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """The bot's Web API client for scheduled sends: no retries, the caller decides when to try again."""
    return AsyncWebClient(
        token=default_token(settings),
        base_url=api_base_url(settings),
        timeout=timeout(settings),
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
