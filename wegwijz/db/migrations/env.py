"""Alembic environment: runs the migrations in `versions/` (one branch per feature)."""

from __future__ import annotations

from alembic import context

import wegwijz.db.models  # noqa: F401  (registers every table on Base.metadata)
from wegwijz.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run against a live connection."""
    url = config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
