"""A fake WhatsApp Cloud API (Graph API) over loopback HTTP, plus Meta's side of the webhook.

`POST /{version}/{phone_number_id}/messages` checks the bearer token and the
message the way the Graph API does (interactive buttons: at most 3, titles
up to 20 characters; lists: at most 10 rows, titles up to 24; bodies up to
1024/4096 characters) and answers with a `wamid`. It can answer 429/130429
or 500 to chosen requests. As Meta, it signs and posts webhook calls to the
gateway, and it remembers when each person last wrote, so that a free-form
message outside the 24-hour window is recorded as a violation.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.channels.fake_http import LoopbackServer, Request

VERSION = "v21.0"


def graph_error(status: int, code: int, message: str) -> tuple[int, Any, dict[str, str]]:
    return status, {"error": {"message": f"(#{code}) {message}", "type": "OAuthException", "code": code,
                              "fbtrace_id": "Afake"}}, {}


def check_message(body: dict[str, Any]) -> str | None:
    """What the Graph API would refuse in a message body (None when it is valid)."""
    if body.get("messaging_product") != "whatsapp" or not body.get("to"):
        return "messaging_product and to are required"
    kind = body.get("type")
    if kind == "text":
        text = (body.get("text") or {}).get("body") or ""
        return None if 0 < len(text) <= 4096 else "text body must be 1-4096 characters"
    if kind == "template":
        template = body.get("template") or {}
        return None if template.get("name") and (template.get("language") or {}).get("code") else "bad template"
    if kind != "interactive":
        return f"type {kind!r} not expected here"
    interactive = body.get("interactive") or {}
    text = (interactive.get("body") or {}).get("text") or ""
    if not 0 < len(text) <= 1024:
        return "interactive body must be 1-1024 characters"
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        ids = [b["reply"]["id"] for b in buttons]
        if not 1 <= len(buttons) <= 3 or len(set(ids)) != len(ids):
            return "1-3 buttons with unique ids"
        for button in buttons:
            if not 0 < len(button["reply"]["title"]) <= 20 or not 0 < len(button["reply"]["id"]) <= 256:
                return "button title 1-20, id 1-256 characters"
        return None
    if interactive.get("type") == "list":
        if not 0 < len(action.get("button") or "") <= 20:
            return "list button 1-20 characters"
        rows = [row for section in action.get("sections") or [] for row in section.get("rows") or []]
        if not 1 <= len(rows) <= 10:
            return "1-10 rows in a list"
        for row in rows:
            if not 0 < len(row["title"]) <= 24 or not 0 < len(row["id"]) <= 200 or \
                    len(row.get("description", "")) > 72:
                return "row title 1-24, id 1-200, description up to 72 characters"
        return None
    return "unknown interactive type"


@dataclass
class FakeWhatsApp:
    """The fake Graph API and Meta's webhook sender."""

    token: str = "EAAtest-token"
    phone_number_id: str = "109876543210"
    app_secret: str = "app-secret-for-tests"
    rate_limit_at: set[int] = field(default_factory=set)
    """Message call numbers (1-based) answered "too many messages" (429 with code 130429)."""
    throughput_at: set[int] = field(default_factory=set)
    """Message call numbers answered 400 with code 130429 (throughput reached)."""
    fail_at: set[int] = field(default_factory=set)
    """Message call numbers answered 500."""

    def __post_init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.reads: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.last_inbound: dict[str, float] = {}
        self._calls = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = LoopbackServer(self.handle)

    @property
    def api_base(self) -> str:
        """For WHATSAPP_API_BASE."""
        return self.server.url

    def start(self) -> FakeWhatsApp:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def sent_to(self, phone: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m["to"] == phone]

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.path != f"/{VERSION}/{self.phone_number_id}/messages" or request.method != "POST":
            return graph_error(400, 100, "Unsupported post request")
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(401, 190, "Invalid OAuth access token")
        body = request.json()
        if body.get("status") == "read":
            with self._lock:
                self.reads.append(body)
            return 200, {"success": True}, {}
        with self._lock:
            self._calls += 1
            number = self._calls
            if number in self.rate_limit_at:
                return graph_error(429, 130429, "Rate limit hit")
            if number in self.throughput_at:
                return graph_error(400, 130429, "Rate limit hit")
            if number in self.fail_at:
                return graph_error(500, 1, "An unknown error occurred")
            problem = check_message(body)
            if problem:
                return graph_error(400, 131009, f"Parameter value is not valid: {problem}")
            last = self.last_inbound.get(body["to"])
            if body["type"] != "template" and (last is None or time.time() - last > 24 * 3600):
                self.violations.append(f"free-form message to {body['to']} outside the 24-hour window")
            wamid = f"wamid.out{next(self._ids)}"
            self.sent.append(dict(body, id=wamid))
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                     "messages": [{"id": wamid}]}, {}

    # --- Meta's side: webhook calls to the gateway ----------------------------------------------------

    def signature(self, raw: bytes) -> str:
        return "sha256=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha256).hexdigest()

    def envelope(self, messages: list[dict[str, Any]] | None = None,
                 statuses: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        value: dict[str, Any] = {"messaging_product": "whatsapp",
                                 "metadata": {"display_phone_number": "31300000000",
                                              "phone_number_id": self.phone_number_id}}
        if messages:
            value["contacts"] = [{"profile": {"name": "Test"}, "wa_id": m["from"]} for m in messages]
            value["messages"] = messages
        if statuses:
            value["statuses"] = statuses
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "WABA1", "changes": [{"value": value, "field": "messages"}]}]}

    def post_webhook(self, url: str, payload: dict[str, Any], signature: str | None = "valid",
                     sent_at: float | None = None) -> requests.Response:
        """Post a webhook call as Meta does (signed with the app secret unless told otherwise)."""
        raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            headers["X-Hub-Signature-256"] = self.signature(raw)
        elif signature:
            headers["X-Hub-Signature-256"] = signature
        response = requests.post(url, data=raw, headers=headers, timeout=10)
        if response.status_code == 200:
            for change in payload["entry"][0]["changes"]:
                for message in change["value"].get("messages", []):
                    with self._lock:
                        self.last_inbound[message["from"]] = sent_at or time.time()
        return response


_wamids = itertools.count(1)


def wa_message(phone: str, kind: str = "text", wamid: str | None = None, **content: Any) -> dict[str, Any]:
    """A message as WhatsApp delivers it in a webhook (`text="..."`, `interactive={...}`, ...)."""
    message = {"from": phone, "id": wamid or f"wamid.in{next(_wamids)}", "timestamp": str(int(time.time())),
               "type": kind}
    if kind == "text":
        message["text"] = {"body": content["text"]}
    else:
        message.update(content)
    return message


def wa_button_reply(phone: str, reply_id: str, title: str = "…", list_reply: bool = False) -> dict[str, Any]:
    kind = "list_reply" if list_reply else "button_reply"
    return wa_message(phone, "interactive", interactive={"type": kind, kind: {"id": reply_id, "title": title}})
