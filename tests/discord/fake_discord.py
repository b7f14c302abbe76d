"""A small fake of Discord's REST API on 127.0.0.1: records every request, answers as Discord does.

Answers carry ``Content-Type: application/json`` exactly (discord.py parses nothing else). A test can make a
route fail once with ``fail_next``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
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


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.failures: list[tuple[str, re.Pattern[str], Failure]] = []
        self._changed = asyncio.Event()
        self._ids = itertools.count(1_300_000_000_000_000_000)
        self._runner: web.AppRunner | None = None
        self.url = ""

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
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, path_pattern: str, status: int, body: Any, after: int = 0, **headers: str) -> None:
        """Answer the next matching request (after ``after`` successful ones) with this failure, once."""
        self.failures.append((method, re.compile(path_pattern), Failure(status, body, headers, after)))

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
        self._changed.set()
        for i, (method, pattern, failure) in enumerate(self.failures):
            if method == request.method and pattern.fullmatch(path):
                if failure.after:
                    failure.after -= 1
                    break
                del self.failures[i]
                return _json(failure.body, failure.status, failure.headers)
        for (route_method, pattern), answer in _ROUTES.items():
            match = re.fullmatch(pattern, path)
            if route_method == request.method and match:
                return _json(answer(self, match, body))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def new_id(self) -> str:
        return str(next(self._ids))


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
    ("POST", r"/channels/(?P<channel>\d+)/messages"): _message,
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
