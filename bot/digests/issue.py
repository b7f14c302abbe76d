"""One issue of the digest as a reply: headline (concept → tool), the tip, the exercise, questions to ask next."""

from __future__ import annotations

from bot.content import Content, Tip
from bot.messages import Button, Paragraph, Reply

UNSUBSCRIBE_CHANNEL = "An admin can stop these with `digest unsubscribe`."
UNSUBSCRIBE_DM = "Stop these with `digest me off`."


def issue_reply(content: Content, tip: Tip, *, to_channel: bool, private: bool = False) -> Reply:
    concept, tool = content.topic(tip.concept), content.topic(tip.tool)
    pair = f"{concept.title if concept else tip.concept} → {tool.title if tool else tip.tool}"
    return Reply(
        heading=f"Concept before tool: {tip.headline}",
        blocks=(
            Paragraph(pair),
            Paragraph(tip.body),
            Paragraph(f"Try this (about 20 minutes): {tip.exercise}"),
        ),
        buttons=tuple(Button(question[:75], f"ask {question}") for question in tip.ask_next),
        footer=UNSUBSCRIBE_CHANNEL if to_channel else UNSUBSCRIBE_DM,
        private=private,
    )
