"""JSON-lines logging. Message text and tokens are never logged at INFO or above."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "discord", "aiohttp", "urllib3", "httpx", "httpcore", "websockets")


# Bolt logs a request it refuses (bad signature) with its whole body at INFO.
BODY_AT_INFO_LOGGERS = ("slack_bolt.RequestVerification", "slack_bolt.AsyncRequestVerification")


class WarningsOnly(logging.Filter):
    """Drops a logger's records below WARNING (a filter stays when a library resets the logger's level)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def configure_logging(level: str = "INFO") -> None:
    """Send JSON lines to stderr at ``level``; replaces any earlier handlers."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")
    for noisy in ("alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for chatty in PAYLOAD_LOGGERS:  # at DEBUG they log request and event bodies: message text and tokens
        logging.getLogger(chatty).setLevel(max(logging.INFO, root.level))
    for leaky in BODY_AT_INFO_LOGGERS:  # these print the raw request body even at INFO; Bolt resets their level
        logger = logging.getLogger(leaky)
        if not any(isinstance(f, WarningsOnly) for f in logger.filters):
            logger.addFilter(WarningsOnly())
