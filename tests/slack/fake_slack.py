"""A small fake of Slack's far end on 127.0.0.1: the Web API, the file upload URL, response_urls, Socket Mode.

It records every call and answers with Slack's real response bodies (``payloads/``), adapted where the answer
depends on the request (the channel posted to, the user looked up, the upload URL). Failures can be queued per
method: ``fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "1"})``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

PAYLOADS = Path(__file__).parent / "payloads"
RESPONSE_URL = "response_url"
FIXED_ANSWERS = {  # methods answered with the same body whatever was asked
    "auth.test": "slack_api_auth_test.json",
    "files.completeUploadExternal": "slack_api_files_completeUploadExternal.json",
    "views.publish": "slack_api_views_publish.json",
}
UPLOAD = "upload"


def payload(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text())


@dataclass
class Call:
    method: str  # a Web API method, "response_url" or "upload"
    params: dict[str, Any]
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 200
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    mode: str = "answer"  # "drop": do the work, then drop the connection; "hang": do the work, never answer


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}  # per-user overrides of the users.info body's "user"
        self.member_of: set[str] = set()  # channels where conversations.info says is_member
        self.socket_envelopes: list[dict[str, Any]] = []  # sent to a Socket Mode client after "hello"
        self.socket_acks: list[dict[str, Any]] = []
        self.oauth_codes: dict[str, dict[str, Any]] = {}  # oauth.v2.access: code -> fields of its answer
        self.client_credentials: tuple[str, str] | None = None  # oauth.v2.access checks HTTP Basic auth when set
        self.record_calls = True
        self.answered: dict[str, float] = {}  # response_url path -> arrival time (for the benchmark)
        self.history: dict[str, list[dict[str, Any]]] = defaultdict(list)  # channel -> messages posted, oldest first
        self._scripted: dict[str, list[Scripted | None]] = defaultdict(list)
        self._changed = asyncio.Condition()
        self._stopping = asyncio.Event()  # ends hung calls
        self._runner: web.AppRunner | None = None
        self.url = ""

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "commands/T111/111/xxxxx") -> str:
        return f"{self.url}/{name}"

    def fail_next(
        self,
        method: str,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        after: int = 0,
    ) -> None:
        """Answer a coming call of ``method`` (the next one, or the one ``after`` successes) with this instead."""
        self._scripted[method].extend([None] * after)
        self._scripted[method].append(Scripted(status, body or {"ok": False, "error": "fatal_error"}, headers or {}))

    def drop_next(self, method: str, *, after: int = 0) -> None:
        """Do the work of a coming call (a post is posted), then drop the connection instead of answering."""
        self._scripted[method].extend([None] * after)
        self._scripted[method].append(Scripted(200, {}, {}, "drop"))

    def hang_next(self, method: str, *, after: int = 0) -> None:
        """Do the work of a coming call, then never answer (until the client gives up)."""
        self._scripted[method].extend([None] * after)
        self._scripted[method].append(Scripted(200, {}, {}, "hang"))

    def posts_to(self, channel: str) -> int:
        return len(self.history[channel])

    def grant(self, code: str, *, team: str, token: str, enterprise: str | None = None, installer: str = "W1") -> None:
        """Make ``code`` a valid OAuth code: exchanging it installs the app in ``team`` with bot token ``token``."""
        self.oauth_codes[code] = {
            "access_token": token,
            "team": {"name": f"Workspace {team}", "id": team},
            "enterprise": {"name": f"Org {enterprise}", "id": enterprise} if enterprise else None,
            "authed_user": {"id": installer},  # bot scopes only: no user token
        }

    def rate_limit_next(self, method: str, retry_after: int = 1, *, after: int = 0) -> None:
        ratelimited = payload("slack_api_ratelimited.json")
        self.fail_next(method, 429, ratelimited, {"Retry-After": str(retry_after)}, after=after)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 10.0, where: Callable[[Call], bool] = lambda c: True
    ) -> list[Call]:
        """The calls of ``method`` (matching ``where``) once there are ``count`` of them."""

        def matching() -> list[Call]:
            return [c for c in self.of(method) if where(c)]

        await self.wait_until(lambda: len(matching()) >= count, timeout)
        return matching()

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/v1/{file}", self._upload)
        app.router.add_get("/link/", self._socket)
        app.router.add_post("/{kind:commands|actions}/{rest:.*}", self._response_url)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, call: Call) -> None:
        if self.record_calls:
            self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], bytes]:
        body = await request.read()
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json" and body:
            params.update(json.loads(body))
        elif request.content_type == "application/x-www-form-urlencoded":
            params.update(await request.post())
        return params, body

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, body = await self._params(request)
        scripted = self._scripted[method].pop(0) if self._scripted[method] else None
        call = Call(method, params, request.path, dict(request.headers), body, scripted.status if scripted else 200)
        await self._record(call)
        if scripted and scripted.mode != "answer":
            self._answer(method, params)  # the work is done...
            if scripted.mode == "hang":
                await self._stopping.wait()
            assert request.transport is not None
            request.transport.abort()  # ...and the answer lost
            raise ConnectionResetError("dropped by the test")
        if scripted:
            return web.json_response(scripted.body, status=scripted.status, headers=scripted.headers)
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(params, request.headers.get("Authorization", "")))
        return web.json_response(self._answer(method, params))

    def _oauth_access(self, params: dict[str, Any], authorization: str) -> dict[str, Any]:
        """The code exchange: the app's credentials (HTTP Basic), then a code from ``grant``, used once."""
        if self.client_credentials is not None:
            expected = base64.b64encode(":".join(self.client_credentials).encode()).decode()
            if authorization != f"Basic {expected}":
                return {"ok": False, "error": "invalid_client_id"}
        fields = self.oauth_codes.pop(str(params.get("code")), None)
        if fields is None:
            return {"ok": False, "error": "invalid_code"}
        return payload("slack_api_oauth_v2_access.json") | fields  # type: ignore[no-any-return]

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        fixed = FIXED_ANSWERS.get(method) or ("slack_api_ok.json" if method.startswith("assistant.threads.") else None)
        if fixed is not None:
            return payload(fixed)  # type: ignore[no-any-return]
        if method == "chat.postMessage":
            return self._post(params)
        if method == "conversations.history":
            return self._history(params)
        if method == "users.info":
            answer = payload("slack_api_users_info.json")
            user_id = str(params.get("user"))
            answer["user"] |= {"id": user_id} | self.users.get(user_id, {})
            if str(params.get("include_locale")).lower() in ("1", "true"):
                answer["user"]["locale"] = "en-US"
            return answer  # type: ignore[no-any-return]
        if method == "conversations.open":
            answer = payload("slack_api_conversations_open.json")
            users = str(params.get("users", ""))
            if "," in users:  # a group DM (mpim) of these people: its own channel, the same for the same people
                members = ",".join(sorted(users.split(",")))
                answer["channel"]["id"] = "G" + hashlib.sha1(members.encode()).hexdigest()[:10]
            return answer  # type: ignore[no-any-return]
        if method == "conversations.info":
            channel = str(params.get("channel"))
            answer = payload("slack_api_conversations_info.json")
            answer["channel"] |= {"id": channel, "is_member": channel in self.member_of}
            return answer  # type: ignore[no-any-return]
        if method == "files.getUploadURLExternal":
            answer = payload("slack_api_files_getUploadURLExternal.json")
            answer["upload_url"] = f"{self.url}/upload/v1/{answer['file_id']}"
            return answer  # type: ignore[no-any-return]
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://{self.url.removeprefix('http://')}/link/?ticket=fake"}
        return {"ok": False, "error": "unknown_method"}

    def _post(self, params: dict[str, Any]) -> dict[str, Any]:
        """Post to the channel's history (with its metadata, when given) and answer as Slack does."""
        answer = payload("slack_api_chat_postMessage.json")
        channel = str(params.get("channel", answer["channel"]))
        answer["channel"] = channel
        answer["ts"] = answer["message"]["ts"] = f"{time.time():.6f}"
        answer["message"]["text"] = params.get("text", "")
        metadata = params.get("metadata")
        if isinstance(metadata, str):  # form-encoded calls send it as JSON text
            metadata = json.loads(metadata)
        if metadata:
            answer["message"]["metadata"] = metadata
        self.history[channel].append(answer["message"])
        return answer  # type: ignore[no-any-return]

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        """``conversations.history``: newest first between ``oldest`` and ``latest``; metadata on request."""
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or time.time() + 1)
        limit = int(params.get("limit") or 100)
        messages = [m for m in reversed(self.history[str(params.get("channel"))]) if oldest <= float(m["ts"]) <= latest]
        shown = [
            m if str(params.get("include_all_metadata")).lower() in ("1", "true") else _without_metadata(m)
            for m in messages[:limit]
        ]
        return {
            "ok": True,
            "messages": shown,
            "has_more": len(messages) > limit,
            "pin_count": 0,
            "response_metadata": {"next_cursor": ""},
        }

    async def _upload(self, request: web.Request) -> web.Response:
        body = await request.read()
        await self._record(Call(UPLOAD, dict(request.query), request.path, dict(request.headers), body))
        return web.Response(text=f"OK - {len(body)}")

    async def _response_url(self, request: web.Request) -> web.Response:
        params, body = await self._params(request)
        self.answered.setdefault(request.path, time.perf_counter())
        scripted = self._scripted[RESPONSE_URL].pop(0) if self._scripted[RESPONSE_URL] else None
        call = Call(
            RESPONSE_URL, params, request.path, dict(request.headers), body, scripted.status if scripted else 200
        )
        await self._record(call)
        if scripted:
            return web.json_response(scripted.body, status=scripted.status, headers=scripted.headers)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, push the queued envelopes, record the acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A111"}})
        for envelope in self.socket_envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                async with self._changed:
                    self._changed.notify_all()
        return ws


def _without_metadata(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "metadata"}
