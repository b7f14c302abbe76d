"""The mentor's knowledge: typed models, the loader and the checks for files under ``content/``."""

from bot.content.loader import ContentError, load_content
from bot.content.models import AREAS, LEVELS, Area, Content, Tip, Topic, Track

__all__ = ["AREAS", "LEVELS", "Area", "Content", "ContentError", "Tip", "Topic", "Track", "load_content"]
