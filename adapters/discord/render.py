"""A neutral reply as Discord messages: embeds within Discord's size limits, buttons, attachments."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import discord

from bot.messages import (
    Block,
    Bullets,
    Button,
    Comparison,
    FileAttachment,
    Paragraph,
    Reply,
    comparison_text,
    progress_text,
)

log = logging.getLogger(__name__)

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FOOTER_MAX = 2048
FIELD_NAME_MAX = 256
FIELD_MAX = 1024
FIELDS_MAX = 25
EMBED_TOTAL_MAX = 6000  # every embed of one message together
EMBEDS_PER_MESSAGE = 10
LABEL_MAX = 80
CUSTOM_ID_MAX = 100
BUTTONS_PER_MESSAGE = 25  # 5 rows of 5
COMMAND_PREFIX = "m:"  # a button's custom id is this prefix and the grammar text it sends back
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True)
class ButtonSpec:
    label: str
    custom_id: str

    @property
    def command(self) -> str:
        return command_of(self.custom_id)


@dataclass(frozen=True)
class Outgoing:
    """One Discord message of a reply: its embeds, then buttons and files where the reply has them."""

    embeds: tuple[discord.Embed, ...] = ()
    buttons: tuple[ButtonSpec, ...] = ()
    files: tuple[FileAttachment, ...] = ()

    def discord_files(self) -> list[discord.File]:
        """Fresh ``discord.File`` objects (a File can be sent only once)."""
        return [to_file(f) for f in self.files]


def custom_id_for(command: str) -> str:
    return (COMMAND_PREFIX + command)[:CUSTOM_ID_MAX]


def command_of(custom_id: str) -> str:
    return custom_id.removeprefix(COMMAND_PREFIX)


def render(reply: Reply) -> list[Outgoing]:
    """Split a reply into messages that each fit Discord's embed limits; buttons go on the last, files on the first."""
    groups = _pack(_embeds(reply))
    buttons = _buttons(reply)
    last = len(groups) - 1
    out = [
        Outgoing(tuple(group), buttons if i == last else (), reply.files if i == 0 else ())
        for i, group in enumerate(groups)
    ]
    return [o for o in out if o.embeds or o.buttons or o.files]


def _pack(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages of at most 10 embeds and 6,000 characters; always at least one group."""
    groups: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in embeds:
        if groups[-1] and (total + len(embed) > EMBED_TOTAL_MAX or len(groups[-1]) >= EMBEDS_PER_MESSAGE):
            groups.append([])
            total = 0
        groups[-1].append(embed)
        total += len(embed)
    return groups


def to_file(attachment: FileAttachment) -> discord.File:
    return discord.File(io.BytesIO(attachment.data), filename=attachment.name, description=attachment.alt_text)


def _embeds(reply: Reply) -> list[discord.Embed]:
    title = _cut(reply.heading, TITLE_MAX)
    footer = _cut(reply.footer.replace("`", ""), FOOTER_MAX)  # embed footers show no markdown
    fields = _fields(reply)
    used = len(title) + len(footer) + sum(len(name) + len(value) for name, value, _ in fields)
    limit = min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - used)  # one embed alone must fit too
    chunks = list(_chunks(_description(reply), limit))
    if not (chunks or title or footer or fields):
        return []
    chunks = chunks or [""]
    embeds = [discord.Embed(description=chunk or None) for chunk in chunks]
    if title:
        embeds[0].title = title
    for name, value, inline in fields:
        embeds[-1].add_field(name=name, value=value, inline=inline)
    if footer:
        embeds[-1].set_footer(text=footer)
    image = next((f.name for f in reply.files if f.name.lower().endswith(IMAGE_SUFFIXES)), None)
    if image:
        embeds[0].set_image(url=f"attachment://{image}")
    return embeds


def _description(reply: Reply) -> str:
    """The text before a comparison (all of it when there is none)."""
    return _joined(_split_at_comparison(reply)[0])


def _fields(reply: Reply) -> list[tuple[str, str, bool]]:
    """A comparison as inline fields, one column per compared thing with the same rows, then the text after it."""
    _, comparison, after = _split_at_comparison(reply)
    if comparison is None:
        return []
    fields = [
        (_cut(name, FIELD_NAME_MAX), _cut("\n".join(f"**{label}**\n{cell}" for label, cell in column), FIELD_MAX), True)
        for name, column in ((n, comparison.column(i)) for i, n in enumerate(comparison.columns))
    ][: FIELDS_MAX - 1]
    if text := _joined(after):
        fields.append(("\u200b", _cut(text, FIELD_MAX), False))  # a field needs a name; this one shows none
    return fields


def _split_at_comparison(reply: Reply) -> tuple[list[Block], Comparison | None, list[Block]]:
    for i, block in enumerate(reply.blocks):
        if isinstance(block, Comparison):
            return list(reply.blocks[:i]), block, list(reply.blocks[i + 1 :])
    return list(reply.blocks), None, []


def _joined(blocks: list[Block]) -> str:
    return "\n\n".join(text for text in (_block_text(b) for b in blocks) if text)


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return "\n".join(f"• {item}" for item in block.items)
    if isinstance(block, Comparison):  # a second comparison in one reply: one side after the other
        return comparison_text(block)
    return f"`{progress_text(block)}`"


def _buttons(reply: Reply) -> tuple[ButtonSpec, ...]:
    specs: dict[str, ButtonSpec] = {}  # Discord refuses two components with one custom id in a message
    votes = (Button("👍", f"vote up {reply.feedback}"), Button("👎", f"vote down {reply.feedback}"))
    for button in (*reply.buttons, *(votes if reply.feedback is not None else ())):
        if not button.command.strip():  # a button that sends nothing cannot be dispatched
            continue
        custom_id = custom_id_for(button.command)
        specs.setdefault(custom_id, ButtonSpec(_cut(button.label, LABEL_MAX) or "…", custom_id))
    if len(specs) > BUTTONS_PER_MESSAGE:
        log.warning("reply has more buttons than a message holds", extra={"buttons": len(specs)})
    return tuple(specs.values())[:BUTTONS_PER_MESSAGE]


def _chunks(text: str, limit: int) -> Iterator[str]:
    """Pieces of at most ``limit`` characters, cut at a paragraph, a line or a space in the second half, else hard."""
    text = text.strip()
    while len(text) > limit:
        window = text[: limit + 1]
        cut = next((at for sep in ("\n\n", "\n", " ") if (at := window.rfind(sep)) >= limit // 2), limit)
        yield text[:cut].rstrip()
        text = text[cut:].strip()
    if text:
        yield text


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
