"""The HTTP edge in front of Bolt: verify, parse and judge each ``POST /slack/events`` once, before Bolt runs.

- 401 for anything whose signature cannot be verified (a missing, non-numeric or stale timestamp included);
- 400 for a signed body that is not a JSON object (not JSON, a list, a string, null, nested past any sane depth,
  a ``payload=`` field that is not one either);
- 200 and one INFO line for a signed request the bot does not act on (no person in it, an event it does not
  listen to); Bolt would answer 404, sometimes after waiting 3 s, and log the body.

Everything else goes to Bolt already parsed (Bolt's own signature check is off: it is done here, once), which also
takes a second HMAC and a second parse off the ack path.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.adapter.starlette.async_handler import to_starlette_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 300  # Slack's rule: a request signed more than five minutes ago is refused (replays)
PERSON_EVENTS = frozenset({"app_mention", "message", "app_home_opened"})  # answered only when a person is named


class SlackEdge:
    """Serves ``POST /slack/events`` for ``app`` (built with ``request_verification_enabled=False``)."""

    def __init__(self, app: AsyncApp, signing_secret: str, now: Callable[[], float] = time.time) -> None:
        self.app = app
        self._secret = signing_secret.encode()
        self._now = now

    async def handle(self, request: Request) -> Response:
        raw = await request.body()
        headers = request.headers
        if not self.verified(raw, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")):
            log.info("slack request refused", extra={"reason": "signature"})
            return PlainTextResponse("invalid request", status_code=401)
        body = parsed(raw, headers.get("content-type"))
        if body is None:
            log.info("slack request refused", extra={"reason": "malformed body"})
            return PlainTextResponse("malformed request body", status_code=400)
        reason = unhandled(body)
        if reason is None:
            # Bolt takes an already parsed body only in its "socket_mode", which differs from "http" only in skipping
            # the signature check (done above) and in how lazy listeners (none here) copy the request.
            query: Any = request.query_params
            bolt = AsyncBoltRequest(body=body, query=query, headers=dict(headers), mode="socket_mode")
            response = await self.app.async_dispatch(bolt)
            if response.status != 404:
                return to_starlette_response(response)
            reason = "no listener"
        log.info("slack request not handled", extra={"reason": reason, "kind": _kind(body)})
        return Response(status_code=200)

    def verified(self, raw: bytes, timestamp: str | None, signature: str | None) -> bool:
        """Slack's v0 signature over ``v0:{timestamp}:{body}``, with a timestamp within five minutes."""
        if not timestamp or not signature or not signature.isascii():
            return False
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False
        if abs(self._now() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        digest = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
        return hmac.compare_digest(f"v0={digest}".encode(), signature.encode())


def parsed(raw: bytes, content_type: str | None) -> dict[str, Any] | None:
    """The body as Bolt reads it (JSON, a form, or a form's ``payload`` JSON), or None unless it is an object."""
    try:
        text = raw.decode("utf-8")
        if not text:
            return None
        body = parse_body(text, (content_type or "").split(";")[0].strip() or None)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    return body if isinstance(body, dict) and body else None


def unhandled(body: dict[str, Any]) -> str | None:
    """Why the bot will not act on this verified request, or None when a listener may."""
    if body.get("type") == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict):
            return "no event"
        if event.get("type") in PERSON_EVENTS and not _id(event.get("user")):
            return "no person"
        return None
    if "command" in body or "user_id" in body:  # a slash command (form fields)
        command = body.get("command")
        if not (isinstance(command, str) and command.startswith("/")) or not _id(body.get("user_id")):
            return "no person"
        return None
    if body.get("type") == "block_actions":
        user = body.get("user")
        return None if isinstance(user, dict) and _id(user.get("id")) else "no person"
    return None


def _id(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _kind(body: dict[str, Any]) -> str:
    event = body.get("event")
    kind = event.get("type") if isinstance(event, dict) else None
    kind = kind or body.get("type") or ("command" if "command" in body else "unknown")
    return str(kind)[:40]
