"""Follow-ups on the topic just answered: more FAQ entries, an example, why it matters, what next, sources."""

from __future__ import annotations

from bot.content import Content, Topic
from bot.messages import Bullets, Button, Paragraph, Reply

FOLLOW_UP_BUTTONS = (
    Button("More", "more"),
    Button("Example", "example"),
    Button("Why?", "why"),
    Button("What next?", "what next"),
)


def follow_up(content: Content, topic: Topic, kind: str, shown: tuple[str, ...]) -> tuple[Reply, tuple[str, ...]]:
    """The reply for ``kind`` on ``topic`` and the FAQ ids shown so far (``more`` walks through them)."""
    if kind == "more":
        return _more(content, topic, shown)
    if kind == "example":
        return _reply(f"Try this · {topic.title}", topic.practice), shown
    if kind == "why":
        return _reply(f"Why it matters · {topic.title}", topic.why), shown
    if kind == "sources":
        return _sources(topic), shown
    return _next(content, topic), shown


def _reply(heading: str, text: str, buttons: tuple[Button, ...] = FOLLOW_UP_BUTTONS) -> Reply:
    return Reply(heading=heading, blocks=(Paragraph(text),), buttons=buttons)


def _more(content: Content, topic: Topic, shown: tuple[str, ...]) -> tuple[Reply, tuple[str, ...]]:
    for faq in topic.faqs:
        if faq.id not in shown:
            return _reply(faq.question, faq.answer), (*shown, faq.id)
    myths = tuple(f"Myth: {m.myth} Fact: {m.fact}" for m in topic.misconceptions)
    if myths and "myths" not in shown:
        return Reply(heading=f"Common myths · {topic.title}", blocks=(Bullets(myths),), buttons=FOLLOW_UP_BUTTONS), (
            *shown,
            "myths",
        )
    return _reply(
        f"That's all I have on {topic.title}",
        f"Test yourself with `quiz {topic.id}`, or go on to what builds on it.",
        (Button(f"Quiz me on {topic.title}"[:75], f"quiz {topic.id}"), Button("What next?", "what next")),
    ), shown


def _next(content: Content, topic: Topic) -> Reply:
    dependents = [t for t in content.topics.values() if topic.id in t.prerequisites]
    dependents.sort(key=lambda t: (t.area != topic.area, t.hours, t.title))
    picks = dependents[:4] or [t for ref in topic.related if (t := content.topic(ref)) is not None][:4]
    if not picks:
        return _reply(f"After {topic.title}", "Type `plan` for a personal path from here.", ())
    return Reply(
        heading=f"After {topic.title}, learn",
        blocks=(Bullets(tuple(f"{t.title} ({t.hours} h)" for t in picks)),),
        buttons=tuple(Button(t.title[:75], f"ask what is {t.title}") for t in picks),
    )


def _sources(topic: Topic) -> Reply:
    if not topic.resources:
        return _reply(f"Sources · {topic.title}", "This card lists no sources yet.")
    lines = tuple(f"{r.title} ({r.kind})" + (f": {r.url}" if r.url else "") for r in topic.resources)
    return Reply(heading=f"Sources · {topic.title}", blocks=(Bullets(lines),), buttons=FOLLOW_UP_BUTTONS)
