"""Slack Web API failures as the core's outcomes: refused by kind, not sent, or unknown (may have been posted)."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError

from adapters.slack.clients import error_code
from bot.ports import SendOutcome, SendResult

GONE_ERRORS = frozenset(
    {
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "team_access_not_granted",
        "token_revoked",
        "user_disabled",
        "user_not_found",
    }
)
FORBIDDEN_ERRORS = frozenset(
    {
        "cannot_dm_bot",
        "messages_tab_disabled",
        "missing_scope",
        "no_permission",
        "not_in_channel",
        "restricted_action",
        "restricted_action_non_threadable_channel",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "user_not_visible",
    }
)
INVALID_ERRORS = frozenset(
    {
        "invalid_arguments",
        "invalid_attachments",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
    }
)
# Slack answered, but may have done the work: "internal_error" and friends are no proof the post failed.
AMBIGUOUS_ERRORS = frozenset({"fatal_error", "internal_error", "request_timeout", "service_unavailable"})
DEFAULT_RETRY_AFTER = 1.0


def classify(exc: BaseException) -> SendResult:
    """One failed call that may have reached Slack (``chat.postMessage``)."""
    code = error_code(exc)
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        if status == 429 or code == "ratelimited":
            return SendResult(SendOutcome.RATE_LIMITED, retry_after=retry_after(exc), detail=code)
        for errors, outcome in (
            (GONE_ERRORS, SendOutcome.GONE),
            (FORBIDDEN_ERRORS, SendOutcome.FORBIDDEN),
            (INVALID_ERRORS, SendOutcome.INVALID),
        ):
            if code in errors:
                return SendResult(outcome, detail=code)
        if status >= 500 or code in AMBIGUOUS_ERRORS:
            return SendResult(SendOutcome.UNKNOWN, detail=code)
        return SendResult(SendOutcome.NOT_SENT, detail=code)  # Slack said no (invalid_auth...): nothing was posted
    if never_connected(exc):
        return SendResult(SendOutcome.NOT_SENT, detail=code)
    return SendResult(SendOutcome.UNKNOWN, detail=code)  # dropped connection, timeout, unreadable answer


def never_connected(exc: BaseException) -> bool:
    """The request cannot have left: no connection was made (refused, DNS, connect timeout)."""
    return isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)


def retry_after(exc: SlackApiError) -> float:
    headers = exc.response.headers or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return DEFAULT_RETRY_AFTER
