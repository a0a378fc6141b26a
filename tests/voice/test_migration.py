"""The read-aloud tables come with their own migration branch, which matches the models and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from wegwijz import db
from wegwijz.voice.models import VoiceLanguage, VoiceSent

TABLES = {"voice_languages", "voice_sent"}


def test_the_voice_branch_matches_its_models_and_downgrades(database_url: str) -> None:
    engine = db.engine_for(database_url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        context = MigrationContext.configure(connection)
        differences = [d for d in compare_metadata(context, db.Base.metadata)
                       if any(t.name in str(d) for t in (VoiceLanguage.__table__, VoiceSent.__table__))]
    assert differences == []
    command.downgrade(db.alembic_config(database_url), "voice@base")
    with engine.connect() as connection:
        assert not TABLES & set(inspect(connection).get_table_names())
    db.migrate(database_url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
