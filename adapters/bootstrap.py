"""The composition root's wiring: settings in, a ready Mentor (and what it stands on) out."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from adapters.clock import SystemClock
from adapters.embeddings import hybrid_answerer
from adapters.files import FileShelf
from adapters.settings import Settings
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content, load_content
from bot.mentor import Mentor
from bot.messages import Platform
from bot.ports import ChannelAccess


@dataclass
class App:
    settings: Settings
    content: Content
    store: SqlStore
    mentor: Mentor

    def close(self) -> None:
        self.store.close()


def default_content_dir() -> Path:
    """The packaged ``content/`` folder (the repo's own in a development install)."""
    package = importlib.import_module("content")
    for folder in package.__path__:
        if (Path(folder) / "areas.yaml").exists():
            return Path(folder)
    raise FileNotFoundError("the content/ folder was not found; set MENTOR_CONTENT_DIR")


def content_dir(settings: Settings) -> Path:
    return settings.mentor_content_dir or default_content_dir()


def vectors_dir(settings: Settings) -> Path:
    """Where the answer index's vectors are cached (keyed by content and model, so any content dir may share it)."""
    return settings.mentor_vectors_dir or settings.data_dir / "vectors"


def load_app_content(settings: Settings) -> Content:
    """The content folder with the team overlays of ``MENTOR_CONTENT_DIRS`` layered on top."""
    return load_content(content_dir(settings), settings.content_overlays)


def build_app(settings: Settings, *, migrate: bool = True, dense: bool = True) -> App:
    """Load content, open the store (migrating it unless told not to) and wire the core.

    ``dense``: load the sentence encoder for answers (a process that answers no questions skips it)."""
    content = load_app_content(settings)
    answerer = hybrid_answerer(content, vectors_dir(settings)) if dense else MentorAnswerer(content)
    engine = make_engine(settings.sqlalchemy_url)
    if migrate:
        upgrade(engine)
    store = SqlStore(engine)
    mentor = Mentor(
        content,
        store,
        SystemClock(),
        answerer,
        admins=settings.admin_ids,
        rate_limit_per_minute=settings.mentor_rate_limit_per_minute,
        channel_access=channel_access(settings, engine),
        files=FileShelf(files_dir(settings)),
    )
    return App(settings, content, store, mentor)


def files_dir(settings: Settings) -> Path:
    """Where files written for people go (one folder each): ``files/`` in the data folder."""
    return settings.data_dir / "files"


def channel_access(settings: Settings, engine: Engine | None = None) -> dict[str, ChannelAccess]:
    """Per platform, how the core checks the bot can post in a channel before subscribing it.

    ``engine``: where a multi-workspace Slack install keeps each workspace's token.
    """
    if settings.slack_bot_token is None and not settings.slack_oauth:
        return {}
    from adapters.slack.membership import SlackChannelAccess  # noqa: PLC0415 (the SDK only when Slack is on)

    return {Platform.SLACK: SlackChannelAccess.from_settings(settings, engine)}
