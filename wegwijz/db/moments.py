"""Moments in time: always timezone-aware UTC, on SQLite as on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    """Now, timezone-aware in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UtcDateTime(TypeDecorator):  # type: ignore[type-arg]
    """A moment stored in UTC and read back timezone-aware, on SQLite as on PostgreSQL.

    SQLite keeps no time zone, so moments are stored there as naive UTC; this keeps
    comparisons in queries (`sent_at <= cutoff`) right on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


__all__ = ["UtcDateTime", "utcnow"]
