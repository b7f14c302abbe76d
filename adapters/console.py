"""The console adapter: chat with the mentor in a terminal, or pipe messages through it one per line."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

import tzlocal
from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table

from adapters.files import FileShelf

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
from bot.mentor import Mentor
from bot.messages import (
    Bullets,
    Button,
    Comparison,
    Incoming,
    Paragraph,
    Platform,
    ProgressBar,
    Reply,
    bounded,
    dm_destination,
    plain_text,
    progress_text,
)

PROMPT = "you> "


class ConsoleChat:
    """Turns console lines into neutral messages and replies into text; numbers pick the last reply's buttons."""

    def __init__(
        self, mentor: Mentor, user: str | None = None, timezone: str | None = None, files_dir: Path | None = None
    ) -> None:
        self.mentor = mentor
        self.user = user or local_user()
        self.timezone = timezone
        self.shelf = FileShelf(files_dir or Path.cwd())
        self.buttons: tuple[Button, ...] = ()

    def incoming(self, line: str) -> Incoming:
        text, is_click = bounded(line, str), False
        choice = text.strip()
        if choice.isdigit() and numbered(self.buttons) and 1 <= int(choice) <= len(self.buttons):
            text, is_click = self.buttons[int(choice) - 1].command, True
        return Incoming(
            platform=Platform.CONSOLE,
            workspace="local",
            channel="console",
            user=self.user,
            text=text,
            display_name=self.user,
            is_dm=True,
            is_admin=True,
            timezone=self.timezone,
            is_click=is_click,
        )

    def send(self, line: str) -> list[Reply]:
        incoming = self.incoming(line)
        replies = self.mentor.handle(incoming)
        self.buttons = next((r.buttons for r in reversed(replies) if r.buttons), ())
        return [_console_form(self._save_files(reply, dm_destination(incoming).key)) for reply in replies]

    def _save_files(self, reply: Reply, user_key: str) -> Reply:
        """Write attached files to the person's folder; the reply then names where they are."""
        if not reply.files:
            return reply
        saved = []
        for file in reply.files:
            path = self.shelf.save(user_key, file)
            saved.append(f"Saved the picture to {path}." if path.suffix == ".png" else f"Saved {path.name} to {path}.")
        return Reply(reply.heading, (*reply.blocks, Paragraph("\n".join(saved))), reply.buttons, reply.footer)


def _console_form(reply: Reply) -> Reply:
    """The console has no vote buttons and no channels: it says how to vote, and shows a channel post inline."""
    if reply.feedback is not None:
        hint = "Helpful? Type `good` or `bad`."
        reply = replace(reply, footer=f"{reply.footer}  {hint}".strip())
    if reply.post_to is not None:
        reply = replace(reply, heading=f"(posted in #{reply.post_to.channel}) {reply.heading}".strip())
    return reply


def run_piped(chat: ConsoleChat, stdin: BinaryIO, stdout: TextIO) -> int:
    """One message per input line, each reply as plain text; exits 0 at end of input."""
    for line in stdin_lines(stdin):
        for reply in chat.send(line):
            stdout.write(plain_text_numbered(reply) + "\n\n")
        stdout.flush()
    return 0


def banner(no_platform: bool = False) -> str:
    """The one line the interactive console starts with."""
    if no_platform:
        return "Backend Mentor · no Slack or Discord set up, so we talk here · type help · Ctrl-D quits"
    return "Backend Mentor · ask a backend question or type help · Ctrl-D quits"


def run_interactive(chat: ConsoleChat) -> int:
    """The interactive chat on its own (``mentor console``)."""
    return asyncio.run(chat_loop(chat, banner()))


async def chat_loop(
    chat: ConsoleChat, first_line: str, session: PromptSession[str] | None = None, out: Console | None = None
) -> int:
    """A line-editing chat loop with history (↑/↓); Ctrl-D or Ctrl-C ends it.

    Replies are printed between prompts; anything printed meanwhile by other parts (a scheduled message, an error
    line) appears above the prompt instead of through it."""
    from prompt_toolkit import PromptSession  # noqa: PLC0415 (only an interactive console needs line editing)
    from prompt_toolkit.history import InMemoryHistory  # noqa: PLC0415
    from prompt_toolkit.patch_stdout import patch_stdout  # noqa: PLC0415

    session = session or PromptSession(history=InMemoryHistory())
    out = out or Console(file=sys.stdout)  # the real stdout: replies are printed while no prompt is shown
    out.print(first_line, style="bold", highlight=False)
    with patch_stdout(raw=True):
        while True:
            try:
                line = await session.prompt_async(PROMPT, handle_sigint=False)
            except (EOFError, KeyboardInterrupt):
                return 0
            for reply in await asyncio.to_thread(chat.send, line):
                out.print(_render(reply))


def numbered(buttons: tuple[Button, ...]) -> bool:
    """Whether typed numbers pick buttons: not when a button itself answers with a number (e.g. hours a week)."""
    return not any(b.command.strip().isdigit() for b in buttons)


def _choices(buttons: tuple[Button, ...]) -> list[str]:
    if numbered(buttons):
        return [f"[{i}] {b.label}" for i, b in enumerate(buttons, 1)]
    return [f"- {b.label} (type `{b.command}`)" for b in buttons]


def plain_text_numbered(reply: Reply) -> str:
    """Plain text with the buttons as numbered choices."""
    text = plain_text(Reply(reply.heading, reply.blocks, footer=reply.footer))
    if reply.buttons:
        text += "\n" + "\n".join(f"  {choice}" for choice in _choices(reply.buttons))
    return text


def _render(reply: Reply) -> Panel:
    """A reply as a panel: markdown text, a comparison as a table with a column per compared thing."""
    parts: list[RenderableType] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            parts.append(Markdown("\n\n".join(text)))
            text.clear()

    for block in reply.blocks:
        if isinstance(block, Comparison):
            flush()
            parts.append(_table(block))
        else:
            text.append(_block_markdown(block))
    if reply.buttons:
        text.append("\n".join(f"**{choice}**  " for choice in _choices(reply.buttons)))
    if reply.footer:
        text.append(f"*{reply.footer}*")
    flush()
    return Panel(Group(*parts), title=reply.heading or None, title_align="left")


def _table(block: Comparison) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, padding=(0, 1))
    table.add_column("", style="bold", no_wrap=True)
    for name in block.columns:
        table.add_column(name, style="", ratio=1)
    for row in block.rows:
        table.add_row(row.label, *row.cells)
    return table


def _block_markdown(block: Paragraph | Bullets | ProgressBar) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join(f"- {item}" for item in block.items)
    return f"`{progress_text(block)}`"


def stdin_lines(stdin: BinaryIO) -> Iterator[str]:
    """Lines of a byte stream decoded as UTF-8, invalid bytes replaced."""
    for raw in stdin:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "console-user"


def local_zone() -> str | None:
    """This machine's IANA zone name, when it has one."""
    try:
        return str(tzlocal.get_localzone_name())
    except Exception:  # no zone configured on this machine
        return None


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
