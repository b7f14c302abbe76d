"""A small fake of Discord's REST API on 127.0.0.1: records every request, answers as Discord does.

Answers carry ``Content-Type: application/json`` exactly (discord.py parses nothing else). A test can make a
route fail once with ``fail_next``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.discord import payloads

API_PREFIX = "/api/v10"


@dataclass
class Request:
    method: str
    path: str  # without the API prefix
    body: Any  # JSON body, or the multipart ``payload_json``
    files: list[str] = field(default_factory=list)  # file names of a multipart body
    query: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        """The message an interaction callback carries."""
        return dict(self.body.get("data") or {})


@dataclass
class Failure:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    after: int = 0  # matching requests to let through first
    mode: str = "answer"  # "drop": do the work, then drop the connection; "hang": do the work, never answer


DISCORD_EPOCH_MS = 1_420_070_400_000


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.failures: list[tuple[str, re.Pattern[str], Failure]] = []
        self._changed = asyncio.Event()
        self._stopping = asyncio.Event()  # ends hung calls
        self._sequence = itertools.count()
        self.channels: dict[str, list[dict[str, Any]]] = defaultdict(list)  # channel -> messages, oldest first
        self.nonces: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, nonce) -> the message it created
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._query: dict[str, str] = {}

    @property
    def api_url(self) -> str:
        return self.url + API_PREFIX

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, path_pattern: str, status: int, body: Any, after: int = 0, **headers: str) -> None:
        """Answer the next matching request (after ``after`` successful ones) with this failure, once."""
        self.failures.append((method, re.compile(path_pattern), Failure(status, body, headers, after)))

    def drop_next(self, method: str, path_pattern: str, *, after: int = 0) -> None:
        """Do the work of the next matching request (a message is posted), then drop the connection."""
        self.failures.append((method, re.compile(path_pattern), Failure(200, None, {}, after, "drop")))

    def hang_next(self, method: str, path_pattern: str, *, after: int = 0) -> None:
        """Do the work of the next matching request, then never answer (until the client gives up)."""
        self.failures.append((method, re.compile(path_pattern), Failure(200, None, {}, after, "hang")))

    def posts_to(self, channel: str) -> int:
        return len(self.channels[channel])

    def matching(self, method: str, pattern: str) -> list[Request]:
        regex = re.compile(pattern)
        return [r for r in self.requests if r.method == method and regex.fullmatch(r.path)]

    async def wait_for(self, method: str, pattern: str, count: int = 1, timeout: float = 10.0) -> list[Request]:
        """The requests matching, once there are ``count`` of them."""

        async def enough() -> list[Request]:
            while len(found := self.matching(method, pattern)) < count:
                self._changed.clear()
                await self._changed.wait()
            return found

        return await asyncio.wait_for(enough(), timeout)

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await _read_body(request)
        self.requests.append(Request(request.method, path, body, files, dict(request.query)))
        self._query = dict(request.query)
        self._changed.set()
        for i, (method, pattern, failure) in enumerate(self.failures):
            if method == request.method and pattern.fullmatch(path):
                if failure.after:
                    failure.after -= 1
                    break
                del self.failures[i]
                if failure.mode == "answer":
                    return _json(failure.body, failure.status, failure.headers)
                self._answer(request.method, path, body)  # the work is done...
                if failure.mode == "hang":
                    await self._stopping.wait()
                assert request.transport is not None
                request.transport.abort()  # ...and the answer lost
                raise ConnectionResetError("dropped by the test")
        return self._answer(request.method, path, body)

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        for (route_method, pattern), answer in _ROUTES.items():
            match = re.fullmatch(pattern, path)
            if route_method == method and match:
                return _json(answer(self, match, body))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def new_id(self) -> str:
        """A snowflake of now, as Discord makes them (time in its upper bits)."""
        return str(((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) + next(self._sequence) % (1 << 22))

    def post(self, channel: str, body: Any) -> Any:
        """Create a message; a repeated ``nonce`` with ``enforce_nonce`` returns the first message instead."""
        body = body or {}
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce") and (channel, str(nonce)) in self.nonces:
            return self.nonces[(channel, str(nonce))]
        message = payloads.message(self.new_id(), channel, **body)
        self.channels[channel].append(message)
        if nonce is not None:
            message["nonce"] = nonce
            self.nonces[(channel, str(nonce))] = message
        return message

    def recent(self, channel: str, query: dict[str, str]) -> list[dict[str, Any]]:
        """``GET /channels/{id}/messages``: newest first, after ``after``; fetched messages carry no nonce."""
        after, limit = int(query.get("after") or 0), int(query.get("limit") or 50)
        chosen = [m for m in self.channels[channel] if int(m["id"]) > after][:limit]
        return [{k: v for k, v in m.items() if k != "nonce"} for m in reversed(chosen)]


def _callback(fake: FakeDiscord, match: re.Match[str], body: Any) -> Any:
    interaction = {"id": match["id"], "type": 2, "response_message_id": fake.new_id()}
    resource: dict[str, Any] = {"type": body.get("type")}
    if body.get("type") == 4:
        resource["message"] = payloads.message(fake.new_id(), "1", **(body.get("data") or {}))
    return {"interaction": interaction, "resource": resource}


def _message(fake: FakeDiscord, match: re.Match[str], body: Any) -> Any:
    return payloads.message(fake.new_id(), match.groupdict().get("channel", "1"), **(body or {}))


def _commands(fake: FakeDiscord, match: re.Match[str], body: Any) -> Any:
    return [{**c, "id": fake.new_id(), "application_id": match["app"], "version": fake.new_id()} for c in body]


_ROUTES: dict[tuple[str, str], Callable[[FakeDiscord, re.Match[str], Any], Any]] = {
    ("GET", r"/users/@me"): lambda fake, m, b: payloads.bot_user(),
    ("GET", r"/oauth2/applications/@me"): lambda fake, m, b: payloads.application(),
    ("PUT", r"/applications/(?P<app>\d+)/commands"): _commands,
    ("GET", r"/applications/(?P<app>\d+)/commands"): lambda fake, m, b: [],
    ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback"): _callback,
    ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"): _message,
    ("PATCH", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/@original"): _message,
    ("DELETE", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/@original"): lambda fake, m, b: {},
    ("POST", r"/channels/(?P<channel>\d+)/messages"): lambda fake, m, b: fake.post(m["channel"], b),
    ("GET", r"/channels/(?P<channel>\d+)/messages"): lambda fake, m, b: fake.recent(m["channel"], fake._query),
    ("POST", r"/users/@me/channels"): lambda fake, m, b: payloads.dm_channel(fake.new_id(), b["recipient_id"]),
}


async def _read_body(request: web.Request) -> tuple[Any, list[str]]:
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[str] = []
        reader = await request.multipart()
        async for part in reader:
            if getattr(part, "name", None) == "payload_json":
                body = json.loads(await part.text())  # type: ignore[union-attr]
            elif getattr(part, "filename", None):
                files.append(part.filename or "")  # type: ignore[union-attr]
                await part.read()  # type: ignore[union-attr]
        return body, files
    text = await request.text()
    return (json.loads(text) if text else None), []


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
