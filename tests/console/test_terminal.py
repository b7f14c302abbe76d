"""The real ``mentor`` command in a pseudo-terminal, as a person types into it: history works, and the log goes
to ``mentor.log`` in the data folder instead of over the prompt."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from adapters.console import banner

UP = "\x1b[A"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(command: str, data_dir: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_")) and k != "DATABASE_URL"}
    env |= {"MENTOR_DATA_DIR": str(data_dir), "LOG_LEVEL": "DEBUG", "TERM": "xterm-256color"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect does not answer the cursor-position query a real terminal does
    terminal = pexpect.spawn(
        sys.executable, ["-m", "adapters.cli", command], env=env, encoding="utf-8", timeout=60, dimensions=(50, 120)
    )
    terminal.logfile_read = io.StringIO()  # everything the terminal showed
    return terminal


@pytest.mark.parametrize("command", ["run", "console"])
def test_history_and_no_log_line_on_the_terminal(command: str, tmp_path: Path) -> None:
    terminal = spawn(command, tmp_path)
    terminal.expect_exact("you>")
    terminal.sendline("what is caching")
    terminal.expect_exact("Why it matters")
    terminal.expect_exact("you>")
    terminal.send(UP)  # the last line comes back; Enter sends it again
    terminal.sendline("")
    terminal.expect_exact("Why it matters")
    terminal.expect_exact("you>")
    terminal.sendeof()
    terminal.expect(pexpect.EOF)
    terminal.close()
    shown = ANSI.sub("", terminal.logfile_read.getvalue())
    assert terminal.exitstatus == 0
    log = (tmp_path / "mentor.log").read_text()
    assert '"levelname": "DEBUG"' in log  # the log is written, at the level asked for...
    if command == "run":
        assert "mentor running" in log and "no chat platform is configured" in log
    assert banner(no_platform=command == "run") in shown
    assert '"levelname"' not in shown and "WARNING" not in shown  # ...and none of it reaches the terminal
