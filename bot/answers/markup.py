"""What people paste around a question in chat: mentions, channel links, URLs, code. Stripped before ranking."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^>|]*\|([^>]*)>")  # <https://x|label> keeps the label
_SLACK_TOKEN = re.compile(r"<[!@#][^>]*>")  # <!channel> <@U1> <@U1|bob> <#C1|general> <!subteam^S1>
_DISCORD_TOKEN = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:\d+(?::\w)?)>")
_BARE_LINK = re.compile(r"<(?:https?|mailto):[^>]*>|\bhttps?://\S+|\bwww\.\S+")
_AT_ALL = re.compile(r"(?<!\w)@(?:everyone|here|channel)\b", re.IGNORECASE)
_EMOJI_CODE = re.compile(r"(?<!\w):[a-z0-9_+-]+:(?!\w)")
_INLINE_CODE = re.compile(r"`([^`]*)`")
_QUOTE_MARK = re.compile(r"^\s*(?:&gt;|>)+\s?", re.MULTILINE)
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}


def strip_markup(text: str) -> str:
    """The words of a chat message without platform markup; inline code keeps its text (often the term asked)."""
    text = _FENCE.sub(" ", text)
    text = _SLACK_LINK.sub(r" \1 ", text)
    text = _DISCORD_TOKEN.sub(" ", text)
    text = _SLACK_TOKEN.sub(" ", text)
    text = _BARE_LINK.sub(" ", text)
    text = _AT_ALL.sub(" ", text)
    text = _EMOJI_CODE.sub(" ", text)
    text = _INLINE_CODE.sub(r"\1", text)
    text = _QUOTE_MARK.sub("", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return " ".join(text.split())


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def question_part(text: str) -> str:
    """The sentence that asks: the last one ending in ``?``, else the last sentence. Empty for a single sentence."""
    parts = sentences(text)
    if len(parts) < 2:
        return ""
    asked = [s for s in parts if s.endswith("?")]
    return asked[-1] if asked else parts[-1]
