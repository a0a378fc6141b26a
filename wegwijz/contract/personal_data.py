"""The registry of personal data: each feature names its tables and how to erase and export a person.

Erasure and export must not depend on which modules a process happened to import (the action
server never imports the migrations), so `features()` imports every feature's models itself.
A person is given as their chat addresses (sender ids, e.g. `tg:123`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

Senders = tuple[str, ...]
"""The chat addresses of one person."""


@dataclass(frozen=True)
class Feature:
    """One feature's personal data: its tables with a `sender_id` column, and its hooks."""

    name: str
    tables: tuple[Table, ...]
    erase: Callable[[Session, Senders], dict[str, int]]
    """Deletes the person's rows (the caller commits); returns rows removed per table."""
    export: Callable[[Session, Senders], dict[str, list[dict[str, Any]]]]
    """The person's rows per table, column by column."""
    describe: Callable[[Session, Senders, str], list[str]] | None = None
    """Lines for /mijngegevens in the person's language (a feature whose rows the chat should list)."""


def _erase_rows(tables: tuple[Table, ...]) -> Callable[[Session, Senders], dict[str, int]]:
    def erase(session: Session, senders: Senders) -> dict[str, int]:
        counts = {}
        for table in tables:
            result = session.execute(delete(table).where(table.c.sender_id.in_(senders)))
            if result.rowcount:
                counts[table.name] = int(result.rowcount)
        return counts
    return erase


def _export_rows(tables: tuple[Table, ...]) -> Callable[[Session, Senders], dict[str, list[dict[str, Any]]]]:
    def export(session: Session, senders: Senders) -> dict[str, list[dict[str, Any]]]:
        found = {}
        for table in tables:
            rows = [dict(row) for row in session.execute(
                select(table).where(table.c.sender_id.in_(senders))).mappings()]
            if rows:
                found[table.name] = rows
        return found
    return export


def sender_feature(name: str, *tables: Table) -> Feature:
    """A feature whose personal data is exactly its rows with the person's `sender_id`."""
    return Feature(name, tables, _erase_rows(tables), _export_rows(tables))


@functools.lru_cache(maxsize=1)
def features() -> tuple[Feature, ...]:
    """Every feature that keeps personal data by chat address (imported here, explicitly).

    The journey's own rows hang off `newcomers` and go with the newcomer (see
    `wegwijz.journey.rights`); only its rows kept by chat address are listed here.
    The kennisbank's feedback is anonymous. Portal tables hold staff accounts, not
    newcomers' data. Rasa's `events` table is not ours: `wegwijz.journey.rights` erases it by SQL.
    """
    from wegwijz.channels import models as channels
    from wegwijz.digest import mydata as digest
    from wegwijz.humanhelp import mydata as humanhelp
    from wegwijz.journey import models as journey
    from wegwijz.partners import mydata as partners
    from wegwijz.tips import mydata as tips
    return (
        sender_feature("channels", channels.InboxItem.__table__, channels.OutboxMessage.__table__,
                       channels.ChannelContact.__table__),
        # Before the journey's rows: it finds the newcomer through the chat identities the journey erases.
        # Its organisations and partner accounts are staff data; partners' views are in the audit trail.
        partners.FEATURE,
        sender_feature("journey", journey.ChatIdentity.__table__, journey.ChatLinkCode.__table__),
        # kennisbank feedback (answer_feedback) is anonymous: article, language, 👍/👎, no address.
        humanhelp.FEATURE,
        # its kennisbank gaps (kennisbank_gaps) are staff's notes without personal data: they lose their link.
        # read-aloud (voice_languages, voice_sent) keeps no address: editors' switches and counts per language;
        # its cached audio files are kennisbank articles spoken, never anything a person wrote.
        tips.FEATURE,
        # a tip's texts (tip_texts) go with the tip, or stay anonymous when the giver agreed to that.
        digest.FEATURE,
    )


def erase(session: Session, senders: Senders) -> dict[str, int]:
    """Delete the person's rows in every registered feature (the caller commits)."""
    counts: dict[str, int] = {}
    for feature in features():
        counts.update(feature.erase(session, senders))
    return counts


def counts(session: Session, senders: Senders) -> dict[str, int]:
    """How many rows every registered table keeps for the person (tables without rows left out)."""
    return {table: len(rows) for table, rows in export(session, senders).items()}


def tables() -> tuple[str, ...]:
    """The name of every registered table (each has a `kept_<name>` text saying what it holds)."""
    return tuple(table.name for feature in features() for table in feature.tables)


def export(session: Session, senders: Senders) -> dict[str, list[dict[str, Any]]]:
    """The person's rows in every registered feature, per table."""
    found: dict[str, list[dict[str, Any]]] = {}
    for feature in features():
        found.update(feature.export(session, senders))
    return found


def describe(session: Session, senders: Senders, lang: str) -> list[str]:
    """What the features with a `describe` hook keep about the person, as lines for /mijngegevens."""
    lines: list[str] = []
    for feature in features():
        if feature.describe is not None:
            lines.extend(feature.describe(session, senders, lang))
    return lines
