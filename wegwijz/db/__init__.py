"""The database: SQLAlchemy 1.4 in 2.0 style, schema managed by Alembic.

SQLite by default (a file in `var/`), PostgreSQL by `DATABASE_URL`.
Engines are made on first use, never at import time; sessions are handed in.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

log = logging.getLogger(__name__)

Base = declarative_base()
"""The declarative base of every WegwijZ table."""

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # the Rasa tracker store shares the file
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows are overwritten with zeros, so an erased person's text does not live on in free pages of
    # the file (Debian's SQLite does this by default; other builds do not).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def write_back(session: Session) -> None:
    """After an erasure: on SQLite, copy the write-ahead log into the database file and empty it.

    With `secure_delete` the erased rows are zeroed in the file itself, but until a checkpoint their
    last versions also sit in the `-wal` file beside it. Call after the commit. PostgreSQL: nothing to do.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    busy = session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
    session.commit()
    if busy and busy[0]:
        log.info("write-ahead log busy; SQLite's next checkpoint writes the erasure back")


def make_engine(url: str) -> Engine:
    """A new engine for `url` (SQLite gets foreign keys, WAL and a busy timeout)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@functools.lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The process-wide engine for `url`, made on first use."""
    return make_engine(url)


def session_factory(url: str) -> sessionmaker:
    """A session factory bound to the engine for `url`."""
    return sessionmaker(bind=engine_for(url), future=True, expire_on_commit=False)


def migrate(url: str, target: str = "heads") -> None:
    """Bring the database at `url` to the newest schema (Alembic `upgrade heads`)."""
    from alembic import command

    command.upgrade(alembic_config(url), target)


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    """The Alembic configuration for `url` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


__all__ = ["Base", "Session", "alembic_config", "engine_for", "make_engine", "migrate", "session_factory"]
