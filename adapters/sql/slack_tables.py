"""slack-sdk's OAuth tables (installations, bots, OAuth states), defined by slack-sdk itself, created by our migrations.

``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` build their tables with these classmethods; building
them here into a ``MetaData`` of our own lets Alembic compare them with the database like every other table (a test
checks they agree, so a slack-sdk upgrade that changes a table shows up as a missing migration).
"""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, delete

from adapters.sql.tables import INSTALLER, NAMING

INSTALLATIONS = SQLAlchemyInstallationStore.default_installations_table_name
BOTS = SQLAlchemyInstallationStore.default_bots_table_name
OAUTH_STATES = SQLAlchemyOAuthStateStore.default_table_name

metadata = MetaData(naming_convention=NAMING)
SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS)
SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS)
SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, OAUTH_STATES)
metadata.tables[INSTALLATIONS].c.user_id.info.update(INSTALLER)  # `forget me` clears the installer


def prune_oauth_states(engine: Engine, now: datetime) -> int:
    """Delete OAuth states whose install was never finished (slack-sdk stores their expiry as naive UTC)."""
    states = metadata.tables[OAUTH_STATES]
    cutoff = now.astimezone(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        result = connection.execute(delete(states).where(states.c.expire_at < cutoff))
        return int(result.rowcount or 0)
