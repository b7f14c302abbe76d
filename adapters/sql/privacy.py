"""`forget me` and `export me`, driven by the column markers in the models, so tables added later are covered too.

Every table of ours and slack-sdk's OAuth tables are walked; a column marked ``user_ref`` points at a person:
``key`` / ``id`` rows are theirs (deleted, exported), ``creator`` / ``installer`` rows are shared (the person is
cleared from them; exported without secrets). On SQLite, deleted rows are overwritten (``secure_delete``) and the
write-ahead log is truncated, so nothing erased stays readable in the database files.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, delete, literal, or_, select, text, update
from sqlalchemy.orm import Session

from adapters.sql import slack_tables
from adapters.sql.tables import Base

SECRET_WORDS = ("token", "secret")  # columns never exported


def personal_tables() -> list[Table]:
    """Every table that may hold something about a person (ours and slack-sdk's), children before parents."""
    return [*reversed(Base.metadata.sorted_tables), *slack_tables.metadata.sorted_tables]


def _refs(table: Table, platform: str, user: str, user_key: str) -> Iterator[tuple[str, ColumnElement[bool]]]:
    """(kind, condition) for each column of ``table`` that points at the person."""
    for column in table.columns:
        kind = column.info.get("user_ref")
        if kind == "key":
            yield kind, column == user_key
        elif kind == "id":
            yield kind, (table.c.platform == platform) & _names(column, user)
        elif kind == "creator":
            yield kind, (table.c.platform == platform) & (column == user)
        elif kind == "installer" and platform == "slack":
            yield kind, column == user


class SqlPrivacy:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def erase_user(self, platform: str, workspace: str, user: str, user_key: str) -> int:
        erased = 0
        with Session(self._engine) as session, session.begin():
            for table in personal_tables():
                for kind, where in _refs(table, platform, user, user_key):
                    if kind in {"key", "id"}:
                        erased += int(getattr(session.execute(delete(table).where(where)), "rowcount", 0) or 0)
                    else:
                        session.execute(update(table).where(where).values(_cleared(table, kind)))
        if self._engine.dialect.name == "sqlite":
            with self._engine.connect() as connection:  # the log still holds the erased rows' old pages
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return erased

    def export_user(self, platform: str, workspace: str, user: str, user_key: str) -> dict[str, list[dict[str, Any]]]:
        exported: dict[str, list[dict[str, Any]]] = {}
        with self._engine.connect() as connection:
            for table in personal_tables():
                shown = [c for c in table.columns if not any(word in c.name for word in SECRET_WORDS)]
                for _kind, where in _refs(table, platform, user, user_key):
                    rows = connection.execute(select(*shown).where(where)).mappings()
                    found = [{name: _json_value(value) for name, value in row.items()} for row in rows]
                    if found:
                        exported.setdefault(table.name, []).extend(r for r in found if r not in exported[table.name])
        return exported


def _names(column: Any, user: str) -> ColumnElement[bool]:
    """The column holds this user id, alone or in a comma-separated list (a group DM's members)."""
    escaped = user.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    listed = (literal(",") + column + literal(",")).like(f"%,{escaped},%", escape="\\")
    return or_(column == user, listed)


def _cleared(table: Table, kind: str) -> dict[str, Any]:
    """What a shared row keeps of the person: nothing (an installer's own user token goes with their id)."""
    if kind == "installer":
        return {"user_id": ""} | {c.name: None for c in table.columns if c.name.startswith("user_") and c.nullable}
    return {c.name: None for c in table.columns if c.info.get("user_ref") == kind}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value
