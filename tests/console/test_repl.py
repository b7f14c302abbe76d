"""The interactive console: line editing and history through prompt_toolkit, replies between prompts."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from adapters.console import ConsoleChat, banner, chat_loop
from bot.mentor import Mentor

UP, ENTER, CTRL_D = "\x1b[A", "\r", "\x04"


class Recording(ConsoleChat):
    """The real console chat, remembering each line it was given."""

    def __init__(self, mentor: Mentor) -> None:
        super().__init__(mentor, user="ada", timezone="Europe/Berlin")
        self.lines: list[str] = []

    def send(self, line: str):  # type: ignore[no-untyped-def]
        self.lines.append(line)
        return super().send(line)


class Typist(PromptSession[str]):
    """A prompt session that types one chunk of keys at each prompt, as a person does after reading the reply
    (typed all at once, keys would arrive before the prompt loads its history)."""

    def __init__(self, keys: PipeInput, chunks: list[str]) -> None:
        super().__init__(input=keys, output=DummyOutput(), history=InMemoryHistory())
        self.keys, self.chunks = keys, list(chunks)

    async def prompt_async(self, *args: Any, **kwargs: Any) -> str:
        self.keys.send_text(self.chunks.pop(0) if self.chunks else CTRL_D)
        return await super().prompt_async(*args, **kwargs)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def chat_through(mentor: Mentor, keys: PipeInput, *typed: str) -> tuple[Recording, str, int]:
    chat = Recording(mentor)
    screen = io.StringIO()
    status = asyncio.run(chat_loop(chat, banner(), Typist(keys, list(typed)), Console(file=screen, width=100)))
    return chat, screen.getvalue(), status


def test_up_arrow_recalls_the_last_line(mentor: Mentor, keys: PipeInput) -> None:
    chat, screen, status = chat_through(mentor, keys, "what is caching" + ENTER, UP + ENTER)
    assert chat.lines == ["what is caching", "what is caching"]
    assert screen.count("Why it matters") == 2
    assert status == 0


def test_line_editing_moves_the_cursor_instead_of_typing_escape_codes(mentor: Mentor, keys: PipeInput) -> None:
    left = "\x1b[D"
    chat, _, _ = chat_through(mentor, keys, "what is cachng" + left * 2 + "i" + ENTER)
    assert chat.lines == ["what is caching"]


def test_the_banner_is_one_friendly_line(mentor: Mentor, keys: PipeInput) -> None:
    _, screen, _ = chat_through(mentor, keys)
    assert screen.splitlines() == [banner()]
    assert "help" in banner() and "WARNING" not in banner(no_platform=True)


def test_ctrl_c_ends_the_chat_cleanly(mentor: Mentor, keys: PipeInput) -> None:
    chat, _, status = chat_through(mentor, keys, "\x03")
    assert (chat.lines, status) == ([], 0)
