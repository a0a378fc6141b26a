"""Erasure in a process that never imported the migrations: nothing of the person is left in any table.

The database is migrated and filled through the real code paths first (intake answers, a channel
contact, inbox and outbox rows, Rasa's own tracker store); erasure then runs in a new Python process,
as in the action server, and every table is scanned with SQL, not through any list the code keeps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from tests.journey.conftest import consenting_newcomer
from tests.journey.test_rights import _rasa_saves
from wegwijz import db
from wegwijz.channels import contacts, inbox, outbox
from wegwijz.channels.replies import Outgoing
from wegwijz.journey import intake

SENDER = "tg:90817"
FREE_TEXT = "Vrije-Tekst-Zeist-5521"

ERASE_IN_FRESH_PROCESS = """
import sys
from wegwijz import db
from wegwijz.journey import rights
assert "wegwijz.db.models" not in sys.modules
factory = db.session_factory(sys.argv[1])
with factory() as session:
    rights.erase(session, sys.argv[2])
    session.commit()
assert "wegwijz.db.migrations" not in sys.modules
"""


def _fill(url: str, clock, schedule) -> None:  # type: ignore[no-untyped-def]
    factory = db.session_factory(url)
    with factory() as session:
        newcomer = consenting_newcomer(session, SENDER, "ar", clock(), schedule)
        intake.save_answer(session, newcomer, "intake_background", FREE_TEXT, "ar", clock())
        contacts.get_or_create(session, SENDER)
        inbox.store(session, inbox.Inbound(channel="telegram", external_id="5521", sender_id=SENDER,
                                           kind="text", text=FREE_TEXT), clock())
        outbox.enqueue(session, SENDER, [Outgoing(text=FREE_TEXT)], "ar", now=clock())
        session.commit()
    _rasa_saves(url, SENDER, [FREE_TEXT])


def _left_behind(url: str) -> list[str]:
    engine = db.make_engine(url)
    found = []
    try:
        with engine.connect() as connection:
            for name in inspect(connection).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{name}"')):
                    if any(SENDER in str(v) or FREE_TEXT in str(v) for v in row):
                        found.append(name)
    finally:
        engine.dispose()
    return sorted(set(found))


def test_erasure_in_a_fresh_process_leaves_no_row_in_any_table(database_url, clock, schedule) -> None:
    _fill(database_url, clock, schedule)
    filled = _left_behind(database_url)
    assert {"channel_contacts", "channel_inbox", "channel_outbox", "events", "intake_answers"} <= set(filled)
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", ERASE_IN_FRESH_PROCESS, database_url, SENDER], cwd=root, check=True,
                   timeout=300)
    assert _left_behind(database_url) == []


def test_every_table_kept_by_chat_address_is_registered() -> None:
    import wegwijz.db.models  # noqa: F401  (every table, as the migrations see them)
    from wegwijz.contract import personal_data

    registered = {t.name for f in personal_data.features() for t in f.tables}
    by_address = {t.name for t in db.Base.metadata.sorted_tables if "sender_id" in t.c}
    assert by_address - registered == {"tracker_purges"}  # the erasure's own bookkeeping
