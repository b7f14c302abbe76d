"""A fresh PostgreSQL database per test (migrated unless asked not to), and the fake chat API."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text

from adapters.sql.engine import make_engine, upgrade
from tests.scaleout.fleet import FakeChatApi


@dataclass
class Database:
    url: str
    engine: Engine


def fresh_database(server_url: str, *, migrated: bool) -> Iterator[Database]:
    name = f"s_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    if migrated:
        upgrade(engine)
    yield Database(url, engine)
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(postgres_url: str) -> Iterator[Database]:
    yield from fresh_database(postgres_url, migrated=True)


@pytest.fixture
def empty_database(postgres_url: str) -> Iterator[Database]:
    yield from fresh_database(postgres_url, migrated=False)


@pytest.fixture
def chat_api() -> Iterator[FakeChatApi]:
    api = FakeChatApi(delay=0.15).start()
    yield api
    api.stop()
