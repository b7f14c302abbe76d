"""Multi-workspace install: which workspaces installed the app, and each one's bot token, in our database.

slack-sdk's ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` run on the same synchronous engine as
every other repository (their tables come from our migrations). Bolt's ``AsyncApp`` wants async stores, so
``AsyncInstallations`` and ``AsyncOAuthStates`` run each call in a worker thread: an ``AsyncEngine`` would need
another driver (aiosqlite) and a second connection pool for the same database.
"""

from __future__ import annotations

import asyncio
from logging import Logger

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, and_, desc, select

from adapters.settings import Settings

STATE_EXPIRATION_SECONDS = 600  # an install link works for ten minutes


class Installations:
    """slack-sdk's installation and OAuth state stores on ``engine``, plus the lookups by workspace we need."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        self.client_id = client_id
        self.store = SQLAlchemyInstallationStore(client_id, engine)  # slack-sdk's loggers: held at INFO (logs.py)
        self.states = SQLAlchemyOAuthStateStore(STATE_EXPIRATION_SECONDS, engine)
        self._engine = engine

    @classmethod
    def from_settings(cls, settings: Settings, engine: Engine) -> Installations:
        if not settings.slack_client_id:
            raise ValueError("SLACK_CLIENT_ID is not set")
        return cls(settings.slack_client_id, engine)

    def bot_token(self, team_id: str) -> str | None:
        """The newest bot token of workspace ``team_id``; None when the app is not installed there. Blocking."""
        bots = self.store.bots.c
        query = (
            select(bots.bot_token)
            .where(and_(bots.client_id == self.client_id, bots.team_id == team_id, bots.bot_token.is_not(None)))
            .order_by(desc(bots.installed_at))
            .limit(1)
        )
        with self._engine.connect() as connection:
            token = connection.execute(query).scalar()
        return str(token) if token else None

    def remove_workspace(self, team_id: str) -> int:
        """Delete every installation and bot token of workspace ``team_id``; how many rows went. Blocking."""
        removed = 0
        with self._engine.begin() as connection:
            for table in (self.store.bots, self.store.installations):
                where = and_(table.c.client_id == self.client_id, table.c.team_id == team_id)
                removed += int(connection.execute(table.delete().where(where)).rowcount or 0)
        return removed


class AsyncInstallations(AsyncInstallationStore):
    """The installation store as Bolt's ``AsyncApp`` calls it: each call in a worker thread."""

    def __init__(self, store: SQLAlchemyInstallationStore) -> None:
        self._store = store

    @property
    def logger(self) -> Logger:
        return self._store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self._store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self._store.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        return await asyncio.to_thread(
            self._store.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self._store.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self._store.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self._store.delete_installation, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


class AsyncOAuthStates(AsyncOAuthStateStore):
    """The OAuth ``state`` store (one-time values against forged callbacks), each call in a worker thread."""

    def __init__(self, states: SQLAlchemyOAuthStateStore) -> None:
        self._states = states

    @property
    def logger(self) -> Logger:
        return self._states.logger

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        return await asyncio.to_thread(self._states.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self._states.consume, state)
