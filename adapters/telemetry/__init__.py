"""Health and metrics per role: ``/healthz`` and ``/metrics`` (prometheus-client), kept out of the core."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from starlette.routing import BaseRoute

from adapters.telemetry.endpoints import serve_endpoints, telemetry_routes
from adapters.telemetry.health import Health, Status
from adapters.telemetry.metrics import new_registry


class Telemetry:
    """One process's metrics registry and health checks."""

    def __init__(self, role: str) -> None:
        self.registry: CollectorRegistry = new_registry()
        self.health = Health(role)

    def routes(self) -> list[BaseRoute]:
        return telemetry_routes(self.registry, self.health)


__all__ = ["Health", "Status", "Telemetry", "serve_endpoints", "telemetry_routes"]
