"""``GET /healthz`` and ``GET /metrics`` as Starlette routes, served next to Slack's or on a port of their own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.telemetry.health import Health

log = logging.getLogger(__name__)


def telemetry_routes(registry: CollectorRegistry, health: Health) -> list[BaseRoute]:
    """``/healthz`` (200 or 503 with the checks as JSON) and ``/metrics`` (Prometheus text format)."""

    async def healthz(_request: Request) -> Response:
        ok, report = health.report()
        return JSONResponse(report, status_code=200 if ok else 503)

    async def metrics(_request: Request) -> Response:
        body = await asyncio.to_thread(generate_latest, registry)  # collectors may read the database
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return [Route("/healthz", healthz, methods=["GET"]), Route("/metrics", metrics, methods=["GET"])]


class _EndpointServer(uvicorn.Server):
    """uvicorn without its signal handlers: the process's own SIGTERM handling decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_endpoints(routes: list[BaseRoute], port: int, host: str = "0.0.0.0") -> None:
    """Serve ``routes`` on ``port`` until cancelled, then stop listening."""
    app = Starlette(routes=routes)
    config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    server = _EndpointServer(config)
    log.info("health and metrics endpoints", extra={"port": port})
    task = asyncio.create_task(server.serve())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        server.should_exit = True
        await task
        raise
