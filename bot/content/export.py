"""The JSON export of the content (``mentor content export --json``)."""

from __future__ import annotations

from typing import Any

from bot.content.models import Content

TOPIC_FIELDS = (
    "id",
    "title",
    "area",
    "aliases",
    "level",
    "hours",
    "prerequisites",
    "tools",
    "related",
    "summary",
    "resources",
    "checks",
    "misconceptions",
    "layer",
)
FAQ_FIELDS = {"id", "question", "answer"}
TIP_FIELDS = ("id", "concept", "tool", "form", "headline", "layer")


def export_content(content: Content) -> dict[str, Any]:
    return {
        "topics": [
            {
                **t.model_dump(mode="json", include=set(TOPIC_FIELDS)),
                "faqs": [f.model_dump(mode="json", include=FAQ_FIELDS) for f in t.faqs],
            }
            for t in content.topics.values()
        ],
        "tips": [t.model_dump(mode="json", include=set(TIP_FIELDS)) for t in content.tips],
        "tracks": [t.model_dump(mode="json") for t in content.tracks],
    }
