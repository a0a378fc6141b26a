"""A stand-in for Rasa's HTTP API on loopback: `POST /conversations/{id}/trigger_intent`, as Rasa answers it."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


@dataclass
class Trigger:
    """One trigger_intent call as Rasa received it."""

    sender_id: str
    name: str
    entities: dict[str, Any]
    token: str | None


@dataclass
class FakeRasa:
    """Records triggers and answers with one bot message per trigger (or an error while `down`)."""

    token: str = ""
    down: bool = False
    triggers: list[Trigger] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FakeRasa":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                parsed = urlparse(self.path)
                parts = parsed.path.strip("/").split("/")
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                token = (parse_qs(parsed.query).get("token") or [None])[0]
                if len(parts) != 3 or parts[0] != "conversations" or parts[2] != "trigger_intent":
                    return self._reply(404, {"status": "failure", "reason": "NotFound"})
                if fake.token and token != fake.token:
                    return self._reply(401, {"status": "failure", "reason": "NotAuthenticated"})
                if fake.down:
                    return self._reply(500, {"status": "failure", "reason": "ConversationError"})
                sender = unquote(parts[1])
                fake.triggers.append(Trigger(sender, body.get("name"), body.get("entities") or {}, token))
                messages = [{"recipient_id": sender, "text": f"{body.get('name')} {body.get('entities')}"}]
                self._reply(200, {"tracker": {"sender_id": sender}, "messages": messages})

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens (Rasa stopped)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
