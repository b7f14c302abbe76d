"""Signed requests as Slack sends them: bodies from ``payloads/`` (adapted), ``X-Slack-Signature`` over the raw body."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp

from tests.slack.fake_slack import FakeSlack, payload

SECRET = "secret"  # the signing secret the payloads' sources sign with (payloads/README.md)
BOT_USER = payload("slack_api_auth_test.json")["user_id"]
FORM = "application/x-www-form-urlencoded"


def signed_headers(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def command_body(fake: FakeSlack, text: str, *, user: str = "W111", channel: str = "C111", name: str = "1") -> str:
    fields = payload("slack_slash_command.fields.json") | {
        "command": "/mentor",
        "text": text,
        "user_id": user,
        "channel_id": channel,
        "response_url": fake.response_url(f"commands/T111/{name}/xxxxx"),
    }
    return urlencode(fields)


def mention_body(text: str, *, event_id: str = "Ev111", thread_ts: str | None = None) -> dict[str, Any]:
    body = payload("slack_event_app_mention.json")
    body["event_id"] = event_id
    body["event"]["text"] = f"<@{BOT_USER}> {text}"
    if thread_ts:
        body["event"]["thread_ts"] = thread_ts
    return body  # type: ignore[no-any-return]


def dm_body(text: str, *, event_id: str = "Ev222") -> dict[str, Any]:
    body = payload("slack_event_message_im.json")
    body["event_id"] = event_id
    body["event"]["text"] = text
    return body  # type: ignore[no-any-return]


def click_body(fake: FakeSlack, value: str, *, user: str = "W111") -> str:
    body = payload("slack_block_actions.json")
    body["user"]["id"] = user
    body["response_url"] = fake.response_url("actions/T111/111/random-value")
    body["actions"][0] |= {"action_id": "mentor-0", "value": value}
    return f"payload={quote(json.dumps(body))}"


def home_click_body(value: str, *, user: str = "W222", team: str = "T111") -> str:
    """A click on a button in the App Home tab: no ``response_url``, no channel, the home view as Slack sends it."""
    body = payload("slack_block_actions.json")
    body["user"] |= {"id": user, "team_id": team}
    body["team"]["id"] = team
    del body["response_url"], body["channel"]
    body["container"] = {"type": "view", "view_id": "VMHU10V25"}
    body["view"] = payload("slack_api_views_publish.json")["view"] | {"team_id": team}
    body["actions"][0] |= {"action_id": "mentor-0", "value": value}
    return f"payload={quote(json.dumps(body))}"


def in_workspace(body: dict[str, Any], team: str, enterprise: str | None) -> dict[str, Any]:
    """An Events API body moved to workspace ``team`` (of org ``enterprise``, or none)."""
    body = body | {"team_id": team, "enterprise_id": enterprise}
    if "authorizations" in body:
        body["authorizations"] = [a | {"team_id": team, "enterprise_id": enterprise} for a in body["authorizations"]]
    return body


class SlackSender:
    """Posts signed requests to the app's ``/slack/events`` the way Slack does."""

    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.url = url
        self.fake = fake
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SlackSender:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(
        self,
        body: str,
        content_type: str = FORM,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        assert self._session is not None
        all_headers = {"Content-Type": content_type, **signed_headers(body, timestamp=timestamp, secret=secret)}
        async with self._session.post(
            f"{self.url}/slack/events", data=body, headers=all_headers | (headers or {})
        ) as r:
            return r.status, await r.text()

    async def get(self, path: str) -> tuple[int, str]:
        assert self._session is not None
        async with self._session.get(f"{self.url}{path}") as r:
            return r.status, await r.text()

    async def browse(self, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
        """A browser's GET (the install flow): redirects are returned, not followed; ``cookie`` is sent as given."""
        assert self._session is not None
        headers = {"Cookie": cookie} if cookie else {}
        async with self._session.get(f"{self.url}{path}", headers=headers, allow_redirects=False) as r:
            return r.status, dict(r.headers), await r.text()

    async def command(self, text: str, **kwargs: Any) -> tuple[int, str]:
        return await self.post(command_body(self.fake, text, **kwargs))

    async def event(self, body: dict[str, Any], *, retry: int | None = None) -> tuple[int, str]:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(json.dumps(body), "application/json", headers=headers)

    async def click(self, value: str, **kwargs: Any) -> tuple[int, str]:
        return await self.post(click_body(self.fake, value, **kwargs))
