"""``GET /healthz`` and ``GET /metrics`` as Starlette routes, served next to Slack's or on a port of their own."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from adapters.http_serving import http_server, serve_until_cancelled
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


async def serve_endpoints(routes: list[BaseRoute], port: int, host: str = "0.0.0.0") -> None:
    """Serve ``routes`` on ``port`` until cancelled, then stop listening."""
    log.info("health and metrics endpoints", extra={"port": port})
    await serve_until_cancelled(http_server(Starlette(routes=routes), port, host))
