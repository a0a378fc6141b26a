"""Imports every module that defines tables, so Alembic and tests see them all.

Each feature keeps its tables in its own package (`wegwijz.kennisbank.feedback`,
`wegwijz.journey.models`, ...); add the import here when a feature adds tables.
"""

from wegwijz.kennisbank import feedback  # noqa: F401
