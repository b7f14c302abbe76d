from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from adapters.sql import slack_tables
from adapters.sql.tables import Base


def test_models_and_migrations_agree(engine: Engine) -> None:
    """Our models and slack-sdk's OAuth tables, together, are exactly what the migrations created."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, [Base.metadata, slack_tables.metadata])
    assert diff == []


def test_slack_sdk_tables_are_checked_too(engine: Engine) -> None:
    """Comparing only our own models would report slack-sdk's tables as extra: they are covered, not ignored."""
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    extra = {d[1].name for d in diff if d[0] == "remove_table"}
    assert extra == {slack_tables.INSTALLATIONS, slack_tables.BOTS, slack_tables.OAUTH_STATES}
