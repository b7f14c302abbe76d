"""Turn a resolved question into a short mentor reply (≤ 1,200 characters of text, ≤ 5 buttons)."""

from __future__ import annotations

import re
from graphlib import TopologicalSorter

from bot.answers import smalltalk
from bot.content import Content, Topic, Track
from bot.content.models import Faq
from bot.messages import Block, Bullets, Button, Comparison, Paragraph, Reply, Row, plain_text

MAX_TEXT = 1200
MAX_BUTTONS = 5
LIST_SEPARATOR = " · "
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def ask_button(topic: Topic) -> Button:
    return Button(topic.title, f"ask {topic.title}")


def topic_reply(content: Content, topic: Topic, faq: Faq | None = None) -> Reply:
    """What it is, why it matters, what to learn first, one way to practice, related topics as buttons.

    With ``faq`` (an entry that answers the question asked): that answer first, then the card's short summary,
    what to learn first and the buttons."""
    prereqs = [p for p in (content.topic(i) for i in topic.prerequisites) if p]
    first = _listed([p.title for p in prereqs]) if prereqs else "nothing special: a good place to start."
    related = [r for r in (content.topic(i) for i in topic.related) if r][:MAX_BUTTONS]
    if faq is not None:
        blocks = [faq.answer, f"{topic.title}: {_first_sentences(topic.summary, 2)}", f"Learn first: {first}"]
    else:
        blocks = [
            topic.summary,
            f"Why it matters: {topic.why}",
            f"Learn first: {first}",
            f"Try this: {topic.practice}",
        ]
    return _fit(
        Reply(
            heading=faq.question if faq is not None else topic.title,
            blocks=tuple(Paragraph(b) for b in blocks),
            buttons=tuple(ask_button(r) for r in related),
            footer=f"{topic.area} · {topic.level} · about {topic.hours} h to working knowledge",
        )
    )


COMPARED_FIELDS = ("What it is", "Why it matters", "Level")


def compare_reply(content: Content, a: Topic, b: Topic, *, first: Topic | None = None) -> Reply:
    """Two topics side by side with the same fields for each (what it is, why it matters, level), then how they
    relate. With ``first`` (asked "which first?"): the recommendation leads."""
    pair = (a, b)
    table = Comparison(
        columns=(a.title, b.title),
        rows=(
            Row(COMPARED_FIELDS[0], tuple(_first_sentences(t.summary, 2) for t in pair)),
            Row(COMPARED_FIELDS[1], tuple(_first_sentences(t.why, 1) for t in pair)),
            Row(COMPARED_FIELDS[2], tuple(f"{t.level}, about {t.hours} h" for t in pair)),
        ),
    )
    blocks: list[Block] = [Paragraph(_recommendation(content, a, b, first))] if first is not None else []
    blocks.append(table)
    shared = [content.topics[p].title for p in a.prerequisites if p in b.prerequisites and p in content.topics]
    if first is not None:
        pass
    elif b.id in a.prerequisites or a.id in b.prerequisites:
        base, top = (b, a) if b.id in a.prerequisites else (a, b)
        blocks.append(Paragraph(f"Learn {base.title} first: {top.title} builds on it."))
    elif shared:
        blocks.append(Paragraph(f"Both build on {_listed(shared)}: learn that first."))
    return _fit(
        Reply(
            heading=f"{a.title} or {b.title}: which first" if first is not None else f"{a.title} vs {b.title}",
            blocks=tuple(blocks),
            buttons=(ask_button(a), ask_button(b)),
            footer="Ask about either one for its full card.",
        )
    )


def path_reply(content: Content, topic: Topic) -> Reply:
    """Everything to learn before ``topic``, concepts first, in a stable order."""
    path = prerequisite_path(content, topic.id)
    if not path:
        return _fit(
            Reply(
                heading=f"Before {topic.title}",
                blocks=(Paragraph(f"Nothing in particular: {topic.title} is a starting point. {topic.summary}"),),
                buttons=(ask_button(topic),),
            )
        )
    hours = sum(t.hours for t in path)
    return _fit(
        Reply(
            heading=f"Before {topic.title}",
            blocks=(
                Paragraph(f"Learn these first, in this order (about {hours} h in all), then {topic.title}:"),
                Paragraph("\n".join(f"{i}. {t.title} ({t.hours} h)" for i, t in enumerate(path, 1))),
            ),
            buttons=tuple(ask_button(t) for t in path[:MAX_BUTTONS]),
            footer="Concept before tool: each step builds on the one before.",
        )
    )


def career_reply(content: Content, track: Track) -> Reply:
    """What a level is expected to do, and the topics that mark the step to the next level."""
    index = [t.level for t in content.tracks].index(track.level)
    previous = content.tracks[index - 1] if index > 0 else None
    step = [content.topics[i] for i in (previous.next_step if previous else track.topics) if i in content.topics]
    blocks: list[Block] = [
        Paragraph(track.summary),
        Bullets(tuple(track.technical[:3] + track.leadership[:2] + track.product[:1])),
    ]
    if step:
        blocks.append(Paragraph("Topics that mark the step: " + _listed([t.title for t in step[:6]]) + "."))
    return _fit(
        Reply(
            heading=track.title,
            blocks=tuple(blocks),
            buttons=tuple(ask_button(t) for t in step[:MAX_BUTTONS]),
            footer="Every company's ladder differs; use this as a guide, not a checklist.",
        )
    )


def empty_reply() -> Reply:
    """The reply to a blank question: say that nothing was asked, not that the mentor is unsure of the topic."""
    return Reply(
        heading="Nothing to answer",
        blocks=(
            Paragraph("That was empty: there was no question to answer."),
            Paragraph("Ask me anything about backend engineering, such as `what is caching`, or type `help`."),
        ),
        buttons=(Button("Help", "help"), Button("Browse topics", "topics")),
    )


def _recommendation(content: Content, a: Topic, b: Topic, first: Topic) -> str:
    if first.id in (a.id, b.id):
        other = b if first.id == a.id else a
        if first.id in _prerequisite_ids(content, other):
            return f"Start with {first.title}: {other.title} builds on it."
        return (
            f"Start with {first.title} ({first.level}, about {first.hours} h); "
            f"{other.title} ({other.level}) comes easier after it."
        )
    return f"Start with {first.title}: both build on it. Then {a.title}, then {b.title}."


def _prerequisite_ids(content: Content, topic: Topic) -> set[str]:
    return {t.id for t in prerequisite_path(content, topic.id)}


def chat_reply(content: Content, kind: str) -> Reply:
    """Small talk: a short friendly reply with what the mentor can do."""
    can_do = "Ask me about any backend topic (“what is caching”, “redis vs memcached”), or type `plan` or `help`."
    if kind == smalltalk.NEXT_STEP:
        start = [t for t in (content.topic(i) for i in _starting_topics(content)) if t][:3]
        text = "A plan is the best next step: type `plan` and I'll build one for your level, goal and hours a week."
        blocks: list[Block] = [Paragraph(text)]
        if start:
            blocks.append(Paragraph("Not sure yet? Good places to start: " + ", ".join(t.title for t in start) + "."))
        return Reply(
            heading="What to learn next",
            blocks=tuple(blocks),
            buttons=(Button("Build my plan", "plan"), *(ask_button(t) for t in start[:2])),
        )
    opening = {
        smalltalk.GREETING: "Hi! I'm Backend Mentor.",
        smalltalk.THANKS: "You're welcome — happy to help.",
        smalltalk.IDENTITY: "I'm Backend Mentor, a bot that helps backend engineers grow, concept before tool.",
    }.get(kind, "Hi!")
    return Reply(
        blocks=(Paragraph(f"{opening} {can_do}"),),
        buttons=(Button("What is caching?", "ask what is caching"), Button("Browse topics", "topics")),
    )


def _starting_topics(content: Content) -> tuple[str, ...]:
    junior = content.track("junior")
    return junior.topics if junior else ()


def unsure_reply(content: Content, candidates: list[Topic], reason: str = "low_confidence") -> Reply:
    """An honest 'not sure': related topics as buttons, or none ("I don't have a card on that yet")."""
    if candidates:
        text = "I'm not sure I understood that. Did you mean one of these?"
    elif reason == "too_long":
        text = "That's a long message: please ask one thing at a time, in a sentence or two."
    elif reason == "empty":
        text = "I didn't catch a question there. Ask me anything about backend engineering."
    else:
        text = "I don't have a card on that yet — I mentor backend engineering topics."
    return Reply(
        heading="Not sure",
        blocks=(Paragraph(text), Paragraph("You can also browse with `topics`, or type `help`.")),
        buttons=tuple(ask_button(t) for t in candidates[:3]) or (Button("Browse topics", "topics"),),
    )


def prerequisite_path(content: Content, topic_id: str) -> list[Topic]:
    """The transitive prerequisites of a topic in a stable topological order (ties by level, then title)."""
    needed: set[str] = set()
    stack = list(content.topics[topic_id].prerequisites)
    while stack:
        current = stack.pop()
        if current in needed or current not in content.topics:
            continue
        needed.add(current)
        stack.extend(content.topics[current].prerequisites)
    sorter = TopologicalSorter({t: [p for p in content.topics[t].prerequisites if p in needed] for t in needed})
    sorter.prepare()
    order: list[Topic] = []
    while sorter.is_active():
        ready = sorted((content.topics[t] for t in sorter.get_ready()), key=lambda t: t.id)
        order.extend(ready)
        sorter.done(*(t.id for t in ready))
    return order


def _listed(titles: list[str]) -> str:
    """Titles joined so the list still parses when a title holds a comma (``HTTP: methods, status codes``)."""
    return LIST_SEPARATOR.join(titles)


def _first_sentences(text: str, count: int) -> str:
    return " ".join(_SENTENCE_END.split(text.strip())[:count])


def _fit(reply: Reply) -> Reply:
    """Shorten paragraphs sentence by sentence until the plain text fits ``MAX_TEXT``."""
    blocks = list(reply.blocks)
    while text_length(_with(reply, blocks)) > MAX_TEXT:
        longest = max(range(len(blocks)), key=lambda i: len(_text(blocks[i])))
        block = blocks[longest]
        if isinstance(block, Paragraph):
            sentences = _SENTENCE_END.split(block.text)
            if len(sentences) > 1:
                blocks[longest] = Paragraph(" ".join(sentences[:-1]))
                continue
            blocks[longest] = Paragraph(block.text[: max(40, len(block.text) - 80)].rsplit(" ", 1)[0] + "…")
        elif isinstance(block, Bullets) and len(block.items) > 1:
            blocks[longest] = Bullets(block.items[:-1])
        elif isinstance(block, Comparison) and (shorter := _shorten_longest_cell(block)) is not None:
            blocks[longest] = shorter
        else:
            blocks.pop(longest)
    return _with(reply, blocks)


def _shorten_longest_cell(table: Comparison) -> Comparison | None:
    """The table with its longest cell one sentence (or a few words) shorter; None when nothing is left to cut.
    Every row stays, so both sides keep the same fields."""
    cells = [(len(cell), r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells)]
    size, r, c = max(cells)
    if size <= 40:
        return None
    cell = table.rows[r].cells[c]
    sentences = _SENTENCE_END.split(cell)
    shorter = " ".join(sentences[:-1]) if len(sentences) > 1 else cell[: max(40, size - 80)].rsplit(" ", 1)[0] + "…"
    row = table.rows[r]
    rows = list(table.rows)
    rows[r] = Row(row.label, (*row.cells[:c], shorter, *row.cells[c + 1 :]))
    return Comparison(table.columns, tuple(rows))


def text_length(reply: Reply) -> int:
    """Characters of text in a reply, not counting its buttons."""
    return len(plain_text(Reply(reply.heading, reply.blocks, footer=reply.footer)))


def _with(reply: Reply, blocks: list[Block]) -> Reply:
    return Reply(reply.heading, tuple(blocks), reply.buttons[:MAX_BUTTONS], reply.footer, reply.files, reply.private)


def _text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Bullets):
        return " ".join(block.items)
    if isinstance(block, Comparison):
        return " ".join(cell for row in block.rows for cell in row.cells)
    return ""
