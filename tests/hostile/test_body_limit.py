"""The body limit refuses oversized requests before the app parses them (driven as raw ASGI)."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.body_limit import BodyLimit


class Recorder:
    """A stand-in app that records the body it was given."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        message = await receive()
        self.bodies.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app: BodyLimit, chunks: list[bytes], declared: int | None) -> int:
    headers = [(b"content-length", str(declared).encode())] if declared is not None else []
    scope = {"type": "http", "method": "POST", "path": "/slack/events", "headers": headers}
    pending = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(sent[0]["status"])


@pytest.mark.asyncio
async def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    inner = Recorder()
    assert await call(BodyLimit(inner, 1000), [b"x" * 600, b"y" * 400], 1000) == 200
    assert inner.bodies == [b"x" * 600 + b"y" * 400]


@pytest.mark.asyncio
async def test_an_oversized_declared_body_is_refused_before_parsing() -> None:
    inner = Recorder()
    assert await call(BodyLimit(inner, 1000), [b"x" * 10], 5_000_000) == 413
    assert inner.bodies == []


@pytest.mark.asyncio
async def test_an_oversized_streamed_body_without_a_length_is_refused() -> None:
    inner = Recorder()
    assert await call(BodyLimit(inner, 1000), [b"y" * 100] * 50, None) == 413
    assert inner.bodies == []
