"""Serving an ASGI app inside our own event loop: uvicorn without signal handlers, stopped by cancellation."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

import uvicorn


class EmbeddedServer(uvicorn.Server):
    """uvicorn without signal handlers of its own: the process's SIGTERM handling decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(asgi: Any, port: int, host: str = "0.0.0.0") -> uvicorn.Server:
    config = uvicorn.Config(asgi, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    return EmbeddedServer(config)


async def serve_until_cancelled(server: uvicorn.Server) -> None:
    """Serve; when cancelled, let uvicorn finish in-flight requests and close before re-raising."""
    task = asyncio.create_task(server.serve())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        server.should_exit = True
        await task
        raise
