"""One leader among the scheduler processes: a PostgreSQL session-level advisory lock on a dedicated connection.

Only the leader turns due occurrences into pending ledger rows and expires stale claims; every scheduler claims and
sends. The lock belongs to the leader's database session, so when the leader dies its connection goes and the server
releases the lock; another process takes it on its next check (every tick). Leadership saves work, it does not make
sends safe: planning and expiry are idempotent, and the ledger's claims make each occurrence go out once, so two
processes that both believe they lead for a moment cost a few duplicate inserts that the unique key drops.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# The lock's two keys (pg_try_advisory_lock(int, int)): "ment" and the delivery-leader lock. Advisory locks are per
# database, so separate databases on one server each have their own leader.
LOCK_CLASS = 0x6D656E74
LOCK_ID = 1
APPLICATION_PREFIX = "mentor-leader "

# The leader's connection: a dead peer is noticed within about half a minute on both ends.
CONNECT_ARGS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
    # The server side too, so the lock is released about 25 s after the leader's machine vanishes.
    "options": "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"
    " -c tcp_user_timeout=30000 -c statement_timeout=10000",
}

TRY_LOCK = text(f"SELECT pg_try_advisory_lock({LOCK_CLASS}, {LOCK_ID})")
UNLOCK = text(f"SELECT pg_advisory_unlock({LOCK_CLASS}, {LOCK_ID})")
STILL_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted"
    f" AND classid = {LOCK_CLASS}::oid AND objid = {LOCK_ID}::oid AND objsubid = 2)"
)
HOLDER = text(
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    f" WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {LOCK_CLASS}::oid AND l.objid = {LOCK_ID}::oid"
    " AND l.objsubid = 2"
)


class Leadership(Protocol):
    def check(self) -> bool:
        """Re-check (and try to take) leadership now; True while this process leads. Blocking: call off the loop."""
        ...

    @property
    def leading(self) -> bool:
        """The result of the last check, without I/O (for metrics and health)."""
        ...

    def release(self) -> None:
        """Give leadership up and close the connection (graceful shutdown)."""
        ...


class SoleLeader:
    """SQLite: the one process leads."""

    leading = True

    def check(self) -> bool:
        return True

    def release(self) -> None:
        pass


class AdvisoryLockLeadership:
    """Leadership through ``pg_try_advisory_lock`` held on a connection of its own (outside the pool)."""

    def __init__(self, engine: Engine, owner: str) -> None:
        self._engine = create_engine(
            engine.url,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",
            connect_args={**CONNECT_ARGS, "application_name": (APPLICATION_PREFIX + owner)[:63]},
        )
        self._connection: Connection | None = None
        self._leading = False
        self._released = False
        self._lock = threading.Lock()

    @property
    def leading(self) -> bool:
        return self._leading

    def check(self) -> bool:
        with self._lock:
            if self._released:
                return False
            was_leading = self._leading
            try:
                self._leading = self._still_held() if was_leading else self._try_take()
            except SQLAlchemyError as exc:
                self._leading = False
                self._drop_connection()
                log.warning("leader check failed", extra={"error": type(exc).__name__})
            if self._leading != was_leading:
                log.info("leadership taken" if self._leading else "leadership lost")
            return self._leading

    def release(self) -> None:
        with self._lock:
            self._released = True
            if self._connection is not None and self._leading:
                try:
                    self._connection.execute(UNLOCK)
                    log.info("leadership given up")
                except SQLAlchemyError:
                    pass  # closing the connection releases the lock all the same
            self._leading = False
            self._drop_connection()
            self._engine.dispose()

    def _try_take(self) -> bool:
        if self._connection is None:
            self._connection = self._engine.connect()
        return bool(self._connection.execute(TRY_LOCK).scalar())

    def _still_held(self) -> bool:
        assert self._connection is not None
        held = bool(self._connection.execute(STILL_HELD).scalar())
        if not held:  # cannot happen while the session lives; start afresh to be safe
            self._drop_connection()
        return held

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None


def leadership_for(engine: Engine, owner: str) -> Leadership:
    """Advisory-lock leadership on a server database; SQLite has one process, which leads."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLockLeadership(engine, owner)
    return SoleLeader()


def current_leader(engine: Engine) -> str | None:
    """The owner name of the process holding leadership now (PostgreSQL), for operators and tests."""
    with engine.connect() as connection:
        name = connection.execute(HOLDER).scalar()
    return str(name).removeprefix(APPLICATION_PREFIX) if name is not None else None
