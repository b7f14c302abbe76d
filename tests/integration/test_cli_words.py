"""The `mentor` CLI says what it accepts and labels what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.bootstrap import build_app
from adapters.gaps_cli import GAPS_HEADER
from adapters.settings import Settings
from bot.content import LEVELS
from bot.ports import QuestionRecord

NOW = datetime.now(UTC)
MENTOR = [sys.executable, "-m", "adapters.cli"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"MENTOR_DATA_DIR": str(tmp_path)}


def mentor(args: list[str], env: dict[str, str], stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*MENTOR, *args], input=stdin, capture_output=True, env=env, timeout=120, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def test_plan_help_lists_every_level(env: dict[str, str]) -> None:
    shown = " ".join(mentor(["plan", "--help"], env).stdout.split())  # argparse wraps lines
    assert "principal" in LEVELS
    for option in ("--level", "--target"):
        assert f"{option} LEVEL" in shown
    assert shown.count(", ".join(LEVELS)) == 2


def test_content_gaps_prints_column_headers(env: dict[str, str], tmp_path: Path) -> None:
    app = build_app(Settings(mentor_data_dir=tmp_path))
    try:
        for text in ("what is a flux capacitor", "what is a flux capacitor", "how do I grow tomatoes"):
            app.store.questions.record(QuestionRecord(NOW, "console", "local", "ada", text, "unsure", None, 0.1))
    finally:
        app.close()
    lines = mentor(["content", "gaps"], env).stdout.splitlines()
    at = lines.index(GAPS_HEADER)  # the unsure questions of the one workspace, under their column headers
    assert lines[0] == "== console:local =="
    header, first, second = lines[at : at + 3]
    assert header.split() == ["asked", "confidence", "closest", "topic", "question"]
    assert first.split()[0] == "2" and first.endswith("what is a flux capacitor")
    assert second.endswith("how do i grow tomatoes")  # grouped case-insensitively


def test_ask_json_says_a_blank_line_was_empty(env: dict[str, str]) -> None:
    printed = mentor(["ask", "--json"], env, b"\n   \nk8s\n").stdout
    blank, spaces, real = (json.loads(line) for line in printed.splitlines())
    for answer in (blank, spaces):
        assert (answer["kind"], answer["reason"], answer["topic"]) == ("unsure", "empty", None)
        assert "empty" in answer["text"] and "no question" in answer["text"]
    assert (real["kind"], real["reason"]) == ("topic", None)
