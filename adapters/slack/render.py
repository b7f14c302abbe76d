"""Neutral ``Reply`` -> Slack Block Kit messages, within Slack's size limits, with a plain-text fallback.

Every text that reaches a mrkdwn field is escaped (``&``, ``<``, ``>``): text a person wrote can then never become
``<!channel>``, ``<!here>``, ``<!everyone>`` or ``<@U…>`` and notify anyone. Channel links (``<#C…>``) notify nobody
and are kept as links. Comparisons and lists that carry a grid (``plan all``) become a ``table`` block, one a message
(Slack's rule), of ``raw_text`` cells, which Slack shows as written and never turns into a mention; a table beyond
Slack's limits (100 rows, 20 columns) is shown as text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.messages import (
    Block,
    Bullets,
    Button,
    Comparison,
    Grid,
    Paragraph,
    ProgressBar,
    Reply,
    comparison_text,
    plain_text,
    progress_text,
)

MAX_BLOCKS = 50  # a message
MAX_HOME_BLOCKS = 100  # an App Home view
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTIONS = 25  # elements in one actions block
MAX_FALLBACK = 3000
ACTION_PREFIX = "mentor-"
MAX_TABLE_ROWS = 100  # the heading row included
MAX_TABLE_COLUMNS = 20
MAX_CELL = 1000

_CHANNEL_LINK = re.compile(r"&lt;#([CG][A-Z0-9]{2,30})(?:\|[^&<>|]{0,80})?&gt;")

SlackBlock = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """One message as Slack takes it: a ``text`` fallback (notifications, old clients) and ``blocks``."""

    text: str
    blocks: list[SlackBlock] = field(default_factory=list)


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for mrkdwn, then restore channel links (they notify nobody)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CHANNEL_LINK.sub(r"<#\1>", escaped)


def unescape(text: str) -> str:
    """Undo Slack's escaping of text people typed (``&lt;`` -> ``<``); real links stay as Slack sent them."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render(reply: Reply, *, max_blocks: int = MAX_BLOCKS) -> list[SlackMessage]:
    """The messages that show ``reply``: one, or several when it does not fit ``max_blocks``. Files go separately."""
    blocks = reply_blocks(reply)
    if not blocks:
        return []
    chunks = [blocks[i : i + max_blocks] for i in range(0, len(blocks), max_blocks)]
    if len(chunks) == 1:
        return [SlackMessage(fallback_text(reply), chunks[0])]
    return [SlackMessage(_chunk_fallback(chunk), chunk) for chunk in chunks]


def home_view(reply: Reply) -> dict[str, Any]:
    """A ``home`` view for ``views.publish`` showing ``reply``, within the view's 100 blocks.

    When the reply does not fit, the middle gives way: the heading and the buttons and footer at the end stay, and
    a last section says there is more.
    """
    blocks = reply_blocks(reply, tables=False)  # table blocks are for messages
    if len(blocks) > MAX_HOME_BLOCKS:
        tail_start = len(blocks)
        while tail_start > 0 and blocks[tail_start - 1]["type"] in ("actions", "context", "divider"):
            tail_start -= 1
        tail = blocks[tail_start:][-(MAX_HOME_BLOCKS // 2) :]
        room = MAX_HOME_BLOCKS - len(tail) - 1
        blocks = [*blocks[:room], *sections("… (shortened to fit the Home tab)"), *tail]
    return {"type": "home", "blocks": blocks}


def reply_blocks(reply: Reply, *, tables: bool = True) -> list[SlackBlock]:
    """Header, sections (and one table), then (after a divider) the buttons and the footer."""
    blocks: list[SlackBlock] = []
    if reply.heading.strip():
        blocks.append(header(reply.heading))
    for block in reply.blocks:
        grid = grid_of(block) if tables else None
        if grid is not None:
            blocks.append(table(grid))
            tables = False  # one table a message
        elif isinstance(block, Paragraph):
            blocks.extend(sections(block.text))
        elif isinstance(block, Bullets):
            blocks.extend(sections("\n".join(f"• {item}" for item in block.items)))
        elif isinstance(block, ProgressBar):
            blocks.extend(sections(progress_text(block)))
        elif isinstance(block, Comparison):  # one side after the other
            blocks.extend(sections(comparison_text(block)))
    tail: list[SlackBlock] = [*actions(reply.buttons), *feedback(reply.feedback)]
    if reply.footer.strip():
        tail.append(context(reply.footer))
    if tail and blocks:
        blocks.append({"type": "divider"})
    return blocks + tail


def grid_of(block: Block) -> Grid | None:
    """The table a block can show as, within Slack's table limits; None for text."""
    if isinstance(block, Comparison):
        grid = Grid(("", *block.columns), tuple((row.label, *row.cells) for row in block.rows))
    elif isinstance(block, Bullets) and block.grid is not None:
        grid = block.grid
    else:
        return None
    fits = 0 < len(grid.rows) < MAX_TABLE_ROWS and len(grid.header) <= MAX_TABLE_COLUMNS
    return grid if fits else None


def table(grid: Grid) -> SlackBlock:
    """A ``table`` block: the heading row, then the rows; every cell ``raw_text`` (shown as written, never a ping)."""

    def cell(text: str) -> dict[str, str]:
        return {"type": "raw_text", "text": _clip(" ".join(text.split()) or " ", MAX_CELL)}

    rows = [[cell(text) for text in row] for row in (grid.header, *grid.rows)]
    settings = [{"is_wrapped": True} for _ in grid.header]
    return {"type": "table", "rows": rows, "column_settings": settings}


def header(text: str) -> SlackBlock:
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(" ".join(text.split()), MAX_HEADER)}}


def sections(text: str) -> list[SlackBlock]:
    """Sections of escaped mrkdwn, split at line breaks (or spaces) to stay within the section limit."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(escape(text), MAX_SECTION)
        if piece.strip()
    ]


def context(text: str) -> SlackBlock:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(escape(text), MAX_SECTION, markup=True)}]}


def actions(buttons: tuple[Button, ...]) -> list[SlackBlock]:
    """Buttons in actions blocks of at most 25; each click sends the button's command back as its value.

    Button text is ``plain_text``: Slack shows it as written and never turns it into a mention.
    """
    elements = [
        {
            "type": "button",
            "action_id": f"{ACTION_PREFIX}{i}",
            "text": {"type": "plain_text", "text": _clip(_label(b), MAX_BUTTON_TEXT), "emoji": True},
            "value": b.command[:MAX_BUTTON_VALUE],
        }
        for i, b in enumerate(buttons)
        if b.command.strip()  # a button with no command has nothing to send back
    ]
    return [
        {"type": "actions", "elements": elements[i : i + MAX_ACTIONS]} for i in range(0, len(elements), MAX_ACTIONS)
    ]


def feedback(answer_id: int | None) -> list[SlackBlock]:
    """Slack's native 👍 / 👎 (``feedback_buttons`` in a ``context_actions`` block); a click sends its value back."""
    if answer_id is None:
        return []
    element = {
        "type": "feedback_buttons",
        "action_id": f"{ACTION_PREFIX}feedback",
        "positive_button": {
            "text": {"type": "plain_text", "text": "👍"},
            "accessibility_label": "This answer helped",
            "value": f"vote up {answer_id}",
        },
        "negative_button": {
            "text": {"type": "plain_text", "text": "👎"},
            "accessibility_label": "This answer missed something",
            "value": f"vote down {answer_id}",
        },
    }
    return [{"type": "context_actions", "elements": [element]}]


def _label(button: Button) -> str:
    return " ".join(button.label.split()) or " ".join(button.command.split())


def fallback_text(reply: Reply) -> str:
    """The escaped plain text of a whole reply, clipped for the ``text`` field."""
    return _clip(escape(plain_text(reply)), MAX_FALLBACK, markup=True)


def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, preferring line breaks, then spaces.

    An HTML entity (``&amp;``) or a channel link (``<#C123>``) is never cut in half.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = _safe_cut(rest, limit) or limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return [p for p in pieces if p]


def _chunk_fallback(chunk: list[SlackBlock]) -> str:
    texts: list[str] = []
    for block in chunk:  # header and button text are plain_text (unescaped); sections and context are mrkdwn
        if block["type"] == "header":
            texts.append(escape(block["text"]["text"]))
        elif block["type"] == "section":
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts.extend(e["text"] for e in block["elements"])
        elif block["type"] == "actions":
            texts.append("Options: " + " | ".join(escape(e["text"]["text"]) for e in block["elements"]))
        elif block["type"] == "table":  # raw_text cells are shown as written: escaped for the mrkdwn fallback
            texts.extend(escape(" · ".join(c["text"] for c in row if c["text"].strip())) for row in block["rows"])
    return _clip("\n\n".join(texts), MAX_FALLBACK, markup=True)


def _clip(text: str, limit: int, *, markup: bool = False) -> str:
    """Shorten to ``limit`` characters with an ellipsis; in ``markup`` never leave half an entity or channel link."""
    if len(text) <= limit:
        return text
    cut = _safe_cut(text, limit - 1) if markup else limit - 1
    return text[:cut].rstrip() + "…"


def _safe_cut(text: str, cut: int) -> int:
    """``cut``, moved back so that it does not fall inside ``&…;`` or ``<…>``."""
    for opener, closer, longest in (("&", ";", 6), ("<", ">", 120)):
        start = text.rfind(opener, max(0, cut - longest), cut)
        if start >= 0 and closer not in text[start:cut]:
            cut = start
    return cut
