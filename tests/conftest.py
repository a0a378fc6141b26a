"""Shared test fixtures: databases (SQLite always, PostgreSQL when present), the kennisbank."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from wegwijz import db
from wegwijz.settings import ROOT

POSTGRES_ADMIN_URL = os.environ.get("WEGWIJZ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_available() -> str | None:
    try:
        engine = db.make_engine(POSTGRES_ADMIN_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return str(error).splitlines()[0]


@pytest.fixture(scope="session")
def kennisbank_dir() -> Path:
    """The real kennisbank folder."""
    return ROOT / "kennisbank"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database: a SQLite file, and a new PostgreSQL database.

    Without PostgreSQL the PostgreSQL variant is skipped with the reason, except
    under CI (CI=true), where a missing PostgreSQL is a failure.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        db.migrate(url)
        yield url
        return
    problem = _postgres_available()
    if problem:
        message = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {problem}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    name = f"wegwijz_test_{uuid.uuid4().hex[:12]}"
    admin = db.make_engine(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        db.migrate(url)
        yield url
    finally:
        db.engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def session(database_url: str) -> Iterator[db.Session]:
    """A session on the fresh database."""
    factory = db.session_factory(database_url)
    with factory() as s:
        yield s


# The real Rasa + action servers, one pair for the whole test run (end-to-end tests in several folders).
from tests.rasa_stack import rasa_stack  # noqa: E402,F401
