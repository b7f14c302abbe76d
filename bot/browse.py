"""Browsing the knowledge base: ``topics`` and ``topics <area>``."""

from __future__ import annotations

from collections import Counter

from bot.content import AREAS, Content
from bot.messages import Bullets, Button, Paragraph, Reply

PAGE_SIZE = 10


def topics_reply(content: Content, area: str | None, page: int = 1) -> Reply:
    """The 14 areas with their topic counts, or one area's topics as buttons, paged."""
    if area is None:
        counts = Counter(t.area for t in content.topics.values())
        titles = {a.id: a.title for a in content.areas}
        return Reply(
            heading="Areas of backend engineering",
            blocks=(Bullets(tuple(f"{titles.get(a, a)} (`{a}`): {counts[a]} topics" for a in AREAS)),),
            footer="Type `topics <area>`, e.g. `topics databases`.",
        )
    topics = sorted(content.area_topics(area), key=lambda t: (_LEVEL_ORDER.get(t.level, 9), t.title))
    pages = max(1, -(-len(topics) // PAGE_SIZE))
    page = min(page, pages)
    shown = topics[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    buttons = [Button(t.title, f"ask {t.title}") for t in shown]
    if page < pages:
        buttons.append(Button("More topics", f"topics {area} {page + 1}"))
    area_title = next((a.title for a in content.areas if a.id == area), area)
    return Reply(
        heading=f"{area_title}: {len(topics)} topics",
        blocks=(
            Paragraph("Pick one to get the mentor's card, or ask in your own words."),
            Bullets(tuple(f"{t.title} — {t.level}, about {t.hours} h" for t in shown)),
        ),
        buttons=tuple(buttons),
        footer=f"Page {page} of {pages}" if pages > 1 else "",
    )


_LEVEL_ORDER = {"junior": 0, "mid": 1, "senior": 2, "staff": 3, "principal": 4}
