"""Console mode logging: everything to mentor.log, only errors to the terminal, each as one readable line."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.logs import configure_console_logging, configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level


def test_only_errors_reach_the_terminal_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    log_file = tmp_path / "data" / "mentor.log"
    configure_console_logging("INFO", log_file)
    log = logging.getLogger("adapters.test")
    log.info("scheduler started")
    log.warning("no chat platform is configured")
    try:
        raise ConnectionError("database is locked\nwhile claiming")
    except ConnectionError:
        log.exception("tick failed")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"error: tick failed (ConnectionError: database is locked while claiming) — details in {log_file}"
    ]
    written = log_file.read_text()
    assert "scheduler started" in written and "no chat platform" in written
    assert "Traceback" in written  # the details stay in the file


def test_other_commands_keep_json_lines_on_stderr(capsys: pytest.CaptureFixture[str], restore_logging: None) -> None:
    configure_logging("INFO")
    logging.getLogger("adapters.test").info("mentor running")
    assert '"message": "mentor running"' in capsys.readouterr().err


def test_piped_console_prints_replies_only(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "MENTOR_DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "DEBUG",
    }
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console"],
        input=b"what is caching\n",
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout.decode().startswith("Caching fundamentals\n")
    assert '"levelname": "DEBUG"' in (tmp_path / "mentor.log").read_text()
