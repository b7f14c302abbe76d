"""One migrator: a process that serves never migrates a server database, it waits for ``mentor db upgrade``.

Migrations run once per deploy (the Procfile's ``release:`` step). A process started against a database whose schema
is not the one its code expects waits a little (the release step may still be running), then exits with a message
that names the fix, instead of racing other processes through the migrations.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.engine import known_revision, schema_revisions, upgrade

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0


class SchemaNotReadyError(RuntimeError):
    """The database schema did not become the one this code expects in time."""


def is_server_database(engine: Engine) -> bool:
    """True for a database that several processes share (anything but SQLite)."""
    return engine.dialect.name != "sqlite"


def prepare_schema(engine: Engine, wait_seconds: float) -> None:
    """SQLite (one process): migrate now. A server database: wait until another step has migrated it."""
    if is_server_database(engine):
        wait_for_schema(engine, wait_seconds)
    else:
        upgrade(engine)


def wait_for_schema(
    engine: Engine,
    timeout: float,
    *,
    poll: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> None:
    """Return once the schema is current; raise ``SchemaNotReadyError`` after ``timeout`` seconds of waiting."""
    deadline = monotonic() + timeout
    waited = False
    while True:
        problem = schema_problem(engine)
        if problem is None:
            if waited:
                log.info("database schema is current")
            return
        left = deadline - monotonic()
        if left <= 0:
            raise SchemaNotReadyError(f"{problem}; gave up after waiting {timeout:g} s")
        if not waited:
            log.warning("waiting for the database schema", extra={"problem": problem, "timeout": timeout})
            waited = True
        sleep(min(poll, left))


def schema_problem(engine: Engine) -> str | None:
    """None when the schema is current, else what is wrong and how to fix it."""
    try:
        current, head = schema_revisions(engine)
    except SQLAlchemyError as exc:
        return f"the database cannot be reached ({type(exc).__name__}); check DATABASE_URL"
    if current == head:
        return None
    if current is not None and not known_revision(engine, current):
        return (
            f"the database schema is at revision {current}, which this release does not know: "
            "a newer release migrated it; deploy that release"
        )
    return (
        f"the database schema is at revision {current or '(none)'} and this release needs {head}: "
        "run `mentor db upgrade` (the Procfile's release step) once, then start the processes again"
    )
