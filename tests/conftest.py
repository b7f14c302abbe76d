"""Shared fixtures: the real content, in-memory fakes, and SQL stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from adapters.bootstrap import default_content_dir
from adapters.embeddings import hybrid_answerer
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content, load_content
from bot.mentor import Mentor
from tests.fakes import FixedClock, InMemoryStore
from tests.postgres import find_pg_bin, postgres_server

VECTOR_CACHE = Path(__file__).resolve().parent.parent / ".test-cache" / "vectors"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def shared_vector_cache() -> Iterator[None]:
    """Every `mentor` process a test starts reads the answer vectors from one cache instead of encoding them."""
    before = os.environ.get("MENTOR_VECTORS_DIR")
    os.environ["MENTOR_VECTORS_DIR"] = str(VECTOR_CACHE)
    yield
    if before is None:
        os.environ.pop("MENTOR_VECTORS_DIR", None)
    else:
        os.environ["MENTOR_VECTORS_DIR"] = before


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(default_content_dir())


@pytest.fixture(scope="session")
def answerer(content: Content) -> MentorAnswerer:
    """The hybrid answerer with the real encoder; vectors cached in the checkout (encoded once)."""
    return hybrid_answerer(content, VECTOR_CACHE)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def memory_store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def mentor(content: Content, memory_store: InMemoryStore, clock: FixedClock, answerer: MentorAnswerer) -> Mentor:
    return Mentor(content, memory_store, clock, answerer)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session; skips locally without binaries, fails under CI."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        if IN_CI:
            pytest.fail("PostgreSQL binaries are required under CI=true (install Debian's postgresql)")
        pytest.skip("PostgreSQL binaries not found (install Debian's postgresql to run these tests)")
    with postgres_server(pg_bin) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'mentor.db'}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    server_url: str = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(server_url.rsplit("/", 1)[0] + f"/{name}")
    upgrade(eng)
    yield eng
    eng.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sql_store(engine: Engine) -> SqlStore:
    return SqlStore(engine)
