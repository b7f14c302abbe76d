"""One issue of the digest as a reply: headline (concept → tool), the tip, the exercise, questions to ask next."""

from __future__ import annotations

from bot.content import Content, Tip
from bot.content.models import TIP_HEADINGS
from bot.messages import Button, Paragraph, Reply

UNSUBSCRIBE_CHANNEL = "An admin can stop these with `digest unsubscribe`."
UNSUBSCRIBE_DM = "Stop these with `digest me off`."


def issue_reply(content: Content, tip: Tip, *, to_channel: bool, private: bool = False) -> Reply:
    return Reply(
        heading=f"{TIP_HEADINGS[tip.form]}: {tip.headline}",
        blocks=(
            Paragraph(_subject(content, tip)),
            Paragraph(tip.body),
            Paragraph(f"Try this (about 20 minutes): {tip.exercise}"),
        ),
        buttons=tuple(Button(question[:75], f"ask {question}") for question in tip.ask_next),
        footer=UNSUBSCRIBE_CHANNEL if to_channel else UNSUBSCRIBE_DM,
        private=private,
    )


def _subject(content: Content, tip: Tip) -> str:
    """``Caching fundamentals → Redis`` for a concept-before-tool tip, else the concept's title."""
    concept = content.topic(tip.concept)
    title = concept.title if concept else tip.concept
    if tip.tool is None:
        return f"Topic: {title}"
    tool = content.topic(tip.tool)
    return f"{title} → {tool.title if tool else tip.tool}"
