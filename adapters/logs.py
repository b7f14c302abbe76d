"""JSON-lines logging. Message text and tokens are never logged at INFO or above."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

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
    handler.setFormatter(_json())
    _install([handler], level)


def configure_console_logging(level: str, log_file: Path) -> None:
    """Console mode: JSON lines at ``level`` go to ``log_file``; only errors reach the terminal, as one line each.

    Nothing else is ever printed over the prompt."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    to_file = logging.FileHandler(log_file, encoding="utf-8")
    to_file.setFormatter(_json())
    to_terminal = TerminalErrors(log_file)
    _install([to_file, to_terminal], level)


class TerminalErrors(logging.Handler):
    """Errors as one readable line on whatever ``sys.stderr`` is at the time (the prompt may have replaced it)."""

    def __init__(self, log_file: Path) -> None:
        super().__init__(logging.ERROR)
        self.log_file = log_file

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.line(record) + "\n")
            sys.stderr.flush()
        except Exception:  # a failing terminal must not break the caller
            self.handleError(record)

    def line(self, record: logging.LogRecord) -> str:
        """``error: <message> (<exception>) — details in <log file>`` on a single line."""
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})" if str(exc) else f" ({type(exc).__name__})"
        return " ".join(f"error: {text} — details in {self.log_file}".split())


def _json() -> JsonFormatter:
    return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)


def _install(handlers: list[logging.Handler], level: str) -> None:
    root = logging.getLogger()
    for old in root.handlers:
        if isinstance(old, logging.FileHandler) and old not in handlers:
            old.close()  # an earlier console log file
    root.handlers[:] = handlers
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")
    for noisy in ("alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for chatty in PAYLOAD_LOGGERS:  # at DEBUG they log request and event bodies: message text and tokens
        logging.getLogger(chatty).setLevel(max(logging.INFO, root.level))
    for leaky in BODY_AT_INFO_LOGGERS:  # these print the raw request body even at INFO; Bolt resets their level
        logger = logging.getLogger(leaky)
        if not any(isinstance(f, WarningsOnly) for f in logger.filters):
            logger.addFilter(WarningsOnly())
