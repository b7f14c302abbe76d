"""Replies in the interactive console: a comparison in columns, side by side."""

from __future__ import annotations

import io

from rich.console import Console

from adapters.console import _render
from bot.answers.engine import MentorAnswerer


def test_a_comparison_shows_its_sides_in_columns(answerer: MentorAnswerer) -> None:
    screen = io.StringIO()
    Console(file=screen, width=110).print(_render(answerer.answer("k8s vs docker").reply))
    lines = screen.getvalue().splitlines()
    header = next(line for line in lines if "Kubernetes" in line and "Docker" in line and " vs " not in line)
    assert header.index("Kubernetes") < header.index("Docker")  # one column each, on the same line
    for field in ("What it is", "Why it matters", "Level"):
        [row] = [line for line in lines if field in line]
        assert row.split(field, 1)[1].strip()  # the row goes on beside its label
    [level] = [line for line in lines if "Level" in line]
    assert "about 40 h" in level and "about 12 h" in level  # both sides' levels on one line
