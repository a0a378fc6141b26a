"""The real assistant for end-to-end tests: Rasa and the action server on free loopback ports.

The fixture `rasa_stack` is registered in tests/conftest.py, so one pair serves the whole run.

The model is trained only when its inputs changed (the same model `make run` uses).
"""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from wegwijz import db
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV, channel_secret
from wegwijz.settings import Settings, load
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclasses.dataclass
class RasaStack:
    """A running Rasa server + action server on their own database."""

    settings: Settings
    rasa_url: str
    action_url: str
    database_url: str
    stack: Stack
    started_in: float
    channel_secret: str
    api_token: str

    @property
    def channel_headers(self) -> dict[str, str]:
        """The header every caller of the REST channel sends."""
        return {CHANNEL_HEADER: self.channel_secret}

    def talk(self, sender: str, text: str, timeout: float = 60,
             metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send a message over Rasa's REST channel (with message `metadata`, as the gateway does); the replies."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body,
                                 headers=self.channel_headers, timeout=timeout)
        response.raise_for_status()
        return list(response.json())

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation tracker (Rasa HTTP API)."""
        response = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker",
                                params={"token": self.api_token}, timeout=30)
        response.raise_for_status()
        return dict(response.json())


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    """Train if needed, start both servers, and stop them after the test session."""
    var_dir = tmp_path_factory.mktemp("var")
    database_url = f"sqlite:///{var_dir / 'e2e.db'}"
    rasa_port, action_port = free_port(), free_port()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    settings = dataclasses.replace(
        load(), database_url=database_url, var_dir=Path(var_dir), action_port=action_port,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
    )
    db.migrate(database_url)
    model = ensure_model(settings, quiet=True)
    endpoints = write_endpoints(settings, action_port)
    env = child_env(settings, SANIC_HOST="127.0.0.1", ACTION_PORT=str(action_port), RASA_URL=settings.rasa_url)
    # Callers inside the test process (the web chat, the gateway) carry the stack's secret too.
    secret = channel_secret(settings.var_dir)
    previous = os.environ.get(CHANNEL_SECRET_ENV)
    os.environ[CHANNEL_SECRET_ENV] = secret
    stack = Stack()
    stack.start("actions", action_server_command(action_port), env, Path(var_dir) / "actions.log")
    stack.start("rasa", rasa_server_command(model, endpoints, rasa_port, env[RASA_TOKEN_ENV]), env,
                Path(var_dir) / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
        took = wait_until_up(f"{settings.rasa_url}/", 300, stack)
        yield RasaStack(settings, settings.rasa_url, f"http://127.0.0.1:{action_port}", database_url, stack, took,
                        secret, env[RASA_TOKEN_ENV])
    finally:
        stack.stop()
        if previous is None:
            os.environ.pop(CHANNEL_SECRET_ENV, None)
        else:
            os.environ[CHANNEL_SECRET_ENV] = previous
