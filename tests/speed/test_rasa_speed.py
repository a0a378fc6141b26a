"""The prebuilt validator of action server replies and the pooled SQLite tracker store (`wegwijz.rasa_speed`)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import event

from wegwijz import rasa_speed
from wegwijz.stack import SQLITE_TRACKER_STORE, tracker_store_config

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "nl"}], "responses": [{"text": "Hallo"}]},
    {"responses": [{"text": "Hallo", "buttons": [{"title": "Ja", "payload": "/ja"}]}]},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"responses": ["a bare string"]},
    {"responses": {"text": "not a list"}},
    ["not", "an", "object"],
]


RASA_OWN = RemoteAction._validate_action_result
"""Rasa's own per-call check, as it was before anything replaced it."""


def _uninstall() -> None:
    RemoteAction._validate_action_result = RASA_OWN  # type: ignore[method-assign]
    rasa_speed._installed = False


@pytest.fixture(autouse=True)
def _installed() -> Iterator[None]:
    rasa_speed.install()
    yield
    _uninstall()


def _rasa_own_verdict(reply: Any) -> str | None:
    """What `jsonschema.validate` (Rasa's own check) says: None, or the error's message."""
    try:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error.message
    return None


@pytest.mark.parametrize("reply", VALID)
def test_a_valid_reply_passes(reply: Any) -> None:
    assert _rasa_own_verdict(reply) is None
    assert RemoteAction("action_answer", None)._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_an_invalid_reply_is_refused_with_rasas_own_error(reply: Any) -> None:
    expected = _rasa_own_verdict(reply)
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        RemoteAction("action_answer", None)._validate_action_result(reply)
    assert raised.value.message == expected + rasa_speed.ACTION_REPLY_HINT


def test_the_validator_is_built_once() -> None:
    assert rasa_speed.action_reply_validator() is rasa_speed.action_reply_validator()
    assert RemoteAction._validate_action_result is rasa_speed.validate_action_result


def test_our_rest_channel_installs_it() -> None:
    _uninstall()
    assert RemoteAction._validate_action_result is not rasa_speed.validate_action_result
    from wegwijz.rasa_channel import GuardedRestInput

    GuardedRestInput("a-test-secret")
    assert RemoteAction._validate_action_result is rasa_speed.validate_action_result


class _ActionServer(BaseHTTPRequestHandler):
    reply: Any = None

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps(type(self).reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture()
def action_server() -> Iterator[tuple[str, type[_ActionServer]]]:
    handler = type("Handler", (_ActionServer,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhook", handler
    finally:
        server.shutdown()
        server.server_close()


def _run_remote_action(url: str) -> list[Any]:
    domain = Domain.empty()
    action = RemoteAction("action_answer", EndpointConfig(url))
    tracker = DialogueStateTracker("speed-test", domain.slots)
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
                                  tracker, domain))


def test_rasa_refuses_an_invalid_reply_from_a_real_action_server(action_server: Any) -> None:
    url, handler = action_server
    handler.reply = {"events": [{"event": "no_such_event"}], "responses": []}
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        _run_remote_action(url)


def test_rasa_takes_a_valid_reply_from_a_real_action_server(action_server: Any) -> None:
    url, handler = action_server
    handler.reply = {"events": [{"event": "slot", "name": "language", "value": "ti"}],
                     "responses": [{"text": "ሰላም"}]}
    events = _run_remote_action(url)
    assert [type(e) for e in events] == [BotUttered, SlotSet]
    assert events[0].text == "ሰላም" and events[1].value == "ti"


def _store_from_endpoints(database: Path) -> TrackerStore:
    """The tracker store Rasa makes from our endpoints file's `tracker_store` section."""
    config = tracker_store_config(f"sqlite:///{database}")
    assert config["type"] == SQLITE_TRACKER_STORE
    return TrackerStore.create(EndpointConfig(**config), Domain.empty())


def test_rasa_makes_our_sqlite_store_from_the_endpoints(tmp_path: Path) -> None:
    store = _store_from_endpoints(tmp_path / "rasa.db")
    inner = getattr(store, "_tracker_store", store)  # Rasa wraps it in its fail-safe store
    inner = getattr(inner, "_tracker_store", inner)
    assert isinstance(inner, rasa_speed.SQLiteTrackerStore)  # not Rasa's silent in-memory fallback


def _turns(tracker: DialogueStateTracker, texts: list[str]) -> None:
    for text in texts:
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
        tracker.update(BotUttered(f"antwoord op {text}"))


def test_the_pooled_store_writes_what_rasas_own_store_reads(tmp_path: Path) -> None:
    database = tmp_path / "rasa.db"
    store = rasa_speed.SQLiteTrackerStore(Domain.empty(), dialect="sqlite", db=str(database))
    connects: list[object] = []
    event.listen(store.engine, "connect", lambda *_: connects.append(1))

    async def converse() -> None:
        for turn in range(12):
            tracker = await store.retrieve("pooled") or DialogueStateTracker("pooled", [])
            _turns(tracker, [f"vraag {turn}"])
            await store.save(tracker)

    asyncio.run(converse())
    assert len(connects) <= rasa_speed.SQLiteTrackerStore.POOL_SIZE  # 24 sessions, connections reused
    plain = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(database))
    tracker = asyncio.run(plain.retrieve("pooled"))
    assert tracker is not None
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == [f"vraag {n}" for n in range(12)]
    with plain.session_scope() as session:  # each event stored once: no history rewritten
        assert session.query(SQLTrackerStore.SQLEvent).filter_by(sender_id="pooled").count() == 36
