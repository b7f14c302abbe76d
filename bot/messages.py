"""The neutral message model every adapter translates to and from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

MAX_MESSAGE_CHARS = 4000  # longer messages are refused with a friendly note before anything parses them


class Platform(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    DISCORD = "discord"


@dataclass(frozen=True)
class Destination:
    """Where a message goes: a channel, or a user's DM when ``user`` is set and ``channel`` is not."""

    platform: str
    workspace: str
    channel: str | None = None
    user: str | None = None

    @property
    def key(self) -> str:
        """A stable text key, used by the ledger and the tip history."""
        target = f"c:{self.channel}" if self.channel else f"u:{self.user}"
        return f"{self.platform}:{self.workspace}:{target}"

    @classmethod
    def from_key(cls, key: str) -> Destination:
        """Parse a ``key`` back (``slack:T1:c:C1`` or ``discord:G1:u:U1``); ValueError when malformed."""
        platform, workspace, kind, target = key.split(":", 3)
        if kind not in {"c", "u"} or not (platform and workspace and target):
            raise ValueError(f"not a destination key: {key!r}")
        return cls(platform, workspace, target if kind == "c" else None, target if kind == "u" else None)


@dataclass(frozen=True)
class Incoming:
    """One message or button click from a person, as the core sees it."""

    platform: str
    workspace: str
    channel: str
    user: str
    text: str
    display_name: str = ""
    is_dm: bool = False
    is_admin: bool = False
    thread: str | None = None
    locale: str | None = None
    timezone: str | None = None
    is_click: bool = False


def bounded(text: str, translate: Callable[[str], str] = str.strip) -> str:
    """``translate(text)`` for a message within the cap; a longer one is cut to one character over the cap, untouched.

    Every adapter calls this before it parses a byte of what a person wrote, so a megabyte costs nothing; the core
    then sees a text over the cap and says so.
    """
    if len(text) > MAX_MESSAGE_CHARS:
        return text[: MAX_MESSAGE_CHARS + 1]
    return translate(text)


def dm_destination(incoming: Incoming) -> Destination:
    """The person's own DM: the key for everything stored about them.

    Discord user ids are global and its DMs belong to no server, so there the workspace is ``@me``; elsewhere a
    person belongs to a workspace.
    """
    workspace = "@me" if incoming.platform == Platform.DISCORD else incoming.workspace
    return Destination(incoming.platform, workspace, None, incoming.user)


@dataclass(frozen=True)
class Button:
    """A button: ``command`` is the grammar text a click sends back."""

    label: str
    command: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Grid:
    """Rows of cells under column headings: the same rows as a list's items, for platforms that show tables."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if any(len(row) != len(self.header) for row in self.rows):
            raise ValueError("every row of a grid needs one cell per heading")


@dataclass(frozen=True)
class Bullets:
    """A list; with ``grid`` its items are also given as table rows (one per item, in order)."""

    items: tuple[str, ...]
    grid: Grid | None = None

    def __post_init__(self) -> None:
        if self.grid is not None and len(self.grid.rows) != len(self.items):
            raise ValueError("a list's grid needs one row per item")


@dataclass(frozen=True)
class ProgressBar:
    done: int
    total: int
    label: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class Row:
    """One field of a comparison: its name, and one cell per compared thing."""

    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Things side by side: a column per thing, and every row fills every column, so each side shows the same
    fields. Adapters show columns where they can (console table, Discord inline fields)."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        if any(len(row.cells) != len(self.columns) for row in self.rows):
            raise ValueError("every row of a comparison needs one cell per column")

    def column(self, index: int) -> tuple[tuple[str, str], ...]:
        """``(label, cell)`` of every row for one compared thing."""
        return tuple((row.label, row.cells[index]) for row in self.rows)


Block = Paragraph | Bullets | ProgressBar | Comparison


@dataclass(frozen=True)
class FileAttachment:
    name: str
    data: bytes
    alt_text: str


@dataclass(frozen=True)
class Reply:
    """A reply as data; each adapter renders it natively, with ``plain_text`` as fallback."""

    heading: str = ""
    blocks: tuple[Block, ...] = ()
    buttons: tuple[Button, ...] = ()
    footer: str = ""
    files: tuple[FileAttachment, ...] = ()
    private: bool = True
    to_dm: bool = False
    feedback: int | None = None  # the answer id: platforms add 👍 / 👎 that send ``vote up|down <id>``
    post_to: Destination | None = None  # post this reply in that channel instead of answering the asker


def is_admin(incoming: Incoming, admins: frozenset[str]) -> bool:
    """An admin as the platform reports it, or one named in ``MENTOR_ADMINS``."""
    return incoming.is_admin or incoming.user in admins


def note(text: str, *, buttons: tuple[Button, ...] = (), private: bool = True) -> Reply:
    """A reply of one paragraph (and buttons): confirmations, hints and refusals."""
    return Reply(blocks=(Paragraph(text),), buttons=buttons, private=private)


def plain_text(reply: Reply) -> str:
    """Render a reply as plain text: the fallback every platform can show."""
    parts: list[str] = []
    if reply.heading:
        parts.append(reply.heading)
    for block in reply.blocks:
        parts.append(_block_text(block))
    if reply.buttons:
        parts.append("Options: " + " | ".join(b.label for b in reply.buttons))
    if reply.footer:
        parts.append(reply.footer)
    return "\n\n".join(p for p in parts if p)


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join(f"• {item}" for item in block.items)
    if isinstance(block, Comparison):
        return comparison_text(block)
    return progress_text(block)


def comparison_text(block: Comparison) -> str:
    """A comparison one thing after the other, each with the same fields: the fallback where columns don't fit."""
    return "\n\n".join(
        "\n".join([name, *(f"• {label}: {cell}" for label, cell in block.column(i))])
        for i, name in enumerate(block.columns)
    )


def progress_text(bar: ProgressBar, width: int = 20) -> str:
    """A text progress bar such as ``[██████░░░░] 3/10 topics``."""
    filled = round(bar.fraction * width)
    label = f" {bar.label}" if bar.label else ""
    return f"[{'█' * filled}{'░' * (width - filled)}] {bar.done}/{bar.total}{label}"
