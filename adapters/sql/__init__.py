"""The SQL store: SQLAlchemy models, repositories implementing the core's store port, Alembic migrations."""
