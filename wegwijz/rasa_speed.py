"""Rasa made cheaper per turn around its edges, without changing what it does (Rasa itself is not forked).

Loaded into Rasa's own process: `wegwijz.rasa_channel` (our REST channel, named in `bot/credentials.yml`)
calls `install()`, and the SQLite tracker store below is named in the endpoints file by `wegwijz.stack`.

- **The action server's reply.** Rasa 3.6 checks every reply of the action server with
  `jsonschema.validate(reply, schema)`, which first checks the schema itself against its meta-schema and
  builds a new validator, on every call: about a third of Rasa's time per turn under load.  Here the schema
  is checked once and the validator built once per action class; each reply is then checked exactly as
  `jsonschema.validate` does (same draft, the `best_match` of the same errors), and a bad reply raises the
  same `ValidationError` with the same words Rasa appends.
- **The SQLite tracker store.** SQLAlchemy 1.4 opens a new SQLite connection for every session on a file
  database (`NullPool`), and Rasa opens two sessions a turn (load, save).  `SQLiteTrackerStore` keeps its
  connections in a small pool instead; the database and what is written to it are Rasa's own.  The file is
  in WAL mode already (`wegwijz.db` sets it; it is a property of the file) and stays `synchronous=FULL`:
  a turn Rasa has answered is on disk, also after a power cut.
"""

from __future__ import annotations

import threading
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.constants import DOCS_BASE_URL

_validators: dict[type, Any] = {}
_validators_lock = threading.Lock()
_installed = False

ACTION_REPLY_HINT = (
    ". Failed to validate Action server response from API, "
    "make sure your response from the Action endpoint is valid. "
    "For more information about the format visit "
    f"{DOCS_BASE_URL}/custom-actions"
)
"""The words Rasa's own `RemoteAction._validate_action_result` appends to a validation error."""


def action_reply_validator(action_class: type[RemoteAction] = RemoteAction) -> Any:
    """The jsonschema validator of `action_class.action_response_format_spec()`, checked and built once.

    The spec is a static method returning a constant schema, so one validator per class is the same
    validator `jsonschema.validate` would build on each call.
    """
    validator = _validators.get(action_class)
    if validator is None:
        from jsonschema.validators import validator_for

        schema = action_class.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)  # what jsonschema.validate does first, every time
        validator = cls(schema)
        with _validators_lock:
            _validators[action_class] = validator
    return validator


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with a prebuilt validator (same errors, same message).

    Raises:
        jsonschema.ValidationError: the reply does not fit Rasa's schema of an action server reply.
    """
    from jsonschema.exceptions import best_match

    error = best_match(action_reply_validator(type(self)).iter_errors(result))
    if error is not None:
        error.message += ACTION_REPLY_HINT
        raise error
    return True


def install() -> None:
    """Put the prebuilt validator in place of Rasa's per-call one (once per process)."""
    global _installed
    if _installed:
        return
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    _installed = True


class SQLiteTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on a SQLite file, reusing its connections instead of opening one per session.

    Named in the endpoints file as `wegwijz.rasa_speed.SQLiteTrackerStore` with Rasa's own `SQL` keys
    (`dialect: sqlite`, `db: <file>`).  Only the engine differs: a `QueuePool` keeping
    `POOL_SIZE` connections open (Rasa uses the store from its event loop, one session at a time; connections
    may be handed to Rasa's worker threads, hence `check_same_thread=False`, as SQLAlchemy advises for a
    pooled pysqlite), and a busy timeout so a write of the action server or the portal waits instead of
    failing.
    """

    POOL_SIZE = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unpooled: Any = self.__dict__["engine"]  # Rasa's, made (and its tables created) by SQLTrackerStore.__init__
        if unpooled.url.get_backend_name() != "sqlite" or unpooled.url.database in (None, "", ":memory:"):
            return
        import sqlalchemy as sa
        from sqlalchemy import event
        from sqlalchemy.orm import sessionmaker
        from sqlalchemy.pool import QueuePool

        self.engine = sa.create_engine(unpooled.url, poolclass=QueuePool, pool_size=self.POOL_SIZE,
                                       max_overflow=4, connect_args={"check_same_thread": False})
        event.listen(self.engine, "connect", _busy_timeout)
        self.sessionmaker = sessionmaker(bind=self.engine)
        unpooled.dispose()


def _busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
