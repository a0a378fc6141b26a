"""After /verwijder nothing of the person is anywhere: not in any table, not in the database file's bytes.

Through the real Rasa server and action server processes (`rasa_stack`) and the web chat (the Flask
app): a newcomer chats, starts the intake and answers with a distinctive free text, then erases
everything with /verwijder. Afterwards the database is read as it is on disk, not through any list the
code keeps: every table SQLite itself names (`sqlite_master`), every value in every row, then the raw
bytes of the database file (and its write-ahead log) after a checkpoint, since deleted rows live on in
free pages unless SQLite overwrites them. Rasa's own view of the tracker is asked too.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import requests

from tests.channels.test_web import chat_sender
from tests.rasa_stack import RasaStack
from wegwijz.texts import say
from wegwijz.web.app import create_app
from wegwijz.web.identity import ChatIdentity
from wegwijz.web.limits import SenderLimiter


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def _buttons(replies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for r in replies for b in r.get("buttons", [])}


def _database_file(stack: RasaStack) -> Path:
    return Path(stack.database_url.split("///", 1)[1])


def _rows_holding(path: Path, needles: list[str]) -> list[str]:
    """`table: needle` for every row of every table (as SQLite lists them) that holds a needle."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = []
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                values = " ".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row)
                found.extend(f"{table}: {needle}" for needle in needles if needle in values)
        return sorted(set(found))
    finally:
        connection.close()


def _bytes_holding(path: Path, needles: list[str]) -> list[str]:
    """`file: needle` for the database file and its journal files, after the log is written back."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "the checkpoint could not finish"
    finally:
        connection.close()
    found = []
    for file in sorted(path.parent.glob(path.name + "*")):
        content = file.read_bytes()
        found.extend(f"{file.name}: {needle}" for needle in needles if needle.encode("utf-8") in content)
    return found


def test_verwijder_leaves_nothing_in_any_table_nor_in_the_file(rasa_stack: RasaStack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CHANNELS_RASA_TIMEOUT_SECONDS", "300")  # a busy machine is slow, not wrong
    settings = dataclasses.replace(rasa_stack.settings, action_port=int(rasa_stack.action_url.rsplit(":", 1)[1]))
    identity = ChatIdentity(settings.secret_key)
    client = create_app(settings, limiter=SenderLimiter(per_minute=600, burst=100), identity=identity).test_client()
    marker = uuid.uuid4().hex[:8]
    free_text = f"Ik kom uit Qaryatayn-{marker}, mijn broer woont nog in Homs"
    question = f"Waar vind ik een huisarts voor mijn zoon Tesfay{marker}?"

    def says(message: str, button: bool = False) -> list[dict[str, Any]]:
        answer = client.post("/chat", json={"message": message, "button": button})
        assert answer.status_code == 200, answer.get_json()
        return list(answer.get_json()["replies"])

    says('/choose_language{"language":"nl"}', button=True)
    assert says(question)
    replies = says("startgesprek")
    assert say("journey_q_intake_consent", "nl") in _texts(replies)
    replies = says(_buttons(replies)[say("journey_opt_consent_yes", "nl")], button=True)
    assert say("journey_q_intake_background", "nl") in _texts(replies)
    replies = says(free_text)
    assert say("journey_q_intake_languages", "nl") in _texts(replies)
    sender = chat_sender(client, identity)
    needles = [sender, sender.split(":", 1)[1], f"Qaryatayn-{marker}", f"Tesfay{marker}"]
    path = _database_file(rasa_stack)
    before = _rows_holding(path, needles)
    tables = {"events", "intake_answers", "chat_identities", "channel_contacts", "channel_inbox"}
    assert tables <= {found.split(":")[0] for found in before}

    replies = says("/verwijder")
    assert say("journey_erase_question", "nl") in _texts(replies)
    replies = says(_buttons(replies)[say("journey_erase_yes_button", "nl")], button=True)
    assert say("journey_erased", "nl") in _texts(replies)

    deadline = time.monotonic() + 60  # Rasa writes the erasing turn's events after the action returned
    while (left := _rows_holding(path, needles)) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert left == []
    assert _bytes_holding(path, needles) == []
    tracker = requests.get(f"{rasa_stack.rasa_url}/conversations/{sender}/tracker",
                           params={"token": rasa_stack.api_token}, timeout=30).json()
    assert all(needle not in str(tracker) for needle in needles[2:])
    assert not [e for e in tracker["events"] if e.get("event") == "user"]


def test_our_connections_overwrite_deleted_rows(tmp_path: Path) -> None:
    """The byte scan above can fail: without secure delete, a deleted row stays in the file's free space."""
    from sqlalchemy import event, text

    from wegwijz import db

    def written_then_deleted(name: str, secure: bool) -> bytes:
        engine = db.make_engine(f"sqlite:///{tmp_path / name}")
        # As SQLite builds without SQLITE_SECURE_DELETE start: before our own settings (insert=True), or after.
        event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA secure_delete=OFF"), insert=secure)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
            connection.execute(text("INSERT INTO notes (body) VALUES ('Geheim-Homs-4411'), ('blijft')"))
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM notes WHERE body LIKE 'Geheim%'"))
        engine.dispose()
        checkpoint = sqlite3.connect(tmp_path / name)
        checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        checkpoint.close()
        return (tmp_path / name).read_bytes()

    assert b"Geheim-Homs-4411" in written_then_deleted("plain.db", secure=False)
    kept = written_then_deleted("ours.db", secure=True)
    assert b"Geheim-Homs-4411" not in kept and b"blijft" in kept
