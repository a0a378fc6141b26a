"""A fake Rasa server speaking the REST channel (`POST /webhooks/rest/webhook`) over loopback HTTP.

It answers like the assistant does: a welcome with four language buttons,
an answer per language choice (a choice in words says so in its reply), a kennisbank article with feedback buttons
and a custom `source` payload, and an echo for anything else.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from tests.channels.fake_http import LoopbackServer, Request
from wegwijz.contract import languages

LANGUAGE_BUTTONS = [
    {"title": "Nederlands", "payload": '/choose_language{"language":"nl"}'},
    {"title": "العربية", "payload": '/choose_language{"language":"ar"}'},
    {"title": "ትግርኛ", "payload": '/choose_language{"language":"ti"}'},
    {"title": "English", "payload": '/choose_language{"language":"en"}'},
]
CHOSEN = {
    "nl": "Prima, we praten verder in het Nederlands.",
    "ar": "حسناً، سنكمل باللغة العربية. اكتب سؤالك!\n- الـ huisarts (طبيب العائلة)\n/taal: اختيار لغة أخرى",
    "ti": "ጽቡቕ፡ ብትግርኛ ክንቅጽል ኢና። ሕቶኹም ጽሓፉ!",
    "en": "Fine, we will continue in English.",
}


class FakeRasa:
    """Scripted replies; records every (sender, message) it was asked."""

    def __init__(self, token: str = "") -> None:
        self.token = token
        self.received: list[tuple[str, str]] = []
        self.received_metadata: list[tuple[str, Any]] = []
        """(sender, metadata) for every message that carried Rasa message metadata."""
        self.empty_replies = False
        """Answer [] to everything, as Rasa does when its action server is down."""
        self.failing: set[str] = set()
        """Messages answered with HTTP 500, as Rasa does when a step fails on that message."""
        self.scripted: dict[str, list[dict[str, Any]]] = {}
        """Replies for particular messages (a test's own question with buttons, say)."""
        self._lock = threading.Lock()
        self.server = LoopbackServer(self.handle)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> FakeRasa:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def asked(self, sender: str | None = None) -> list[str]:
        with self._lock:
            return [m for s, m in self.received if sender is None or s == sender]

    def metadata(self, sender: str) -> list[Any]:
        with self._lock:
            return [m for s, m in self.received_metadata if s == sender]

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.method == "GET" and request.path == "/":
            return 200, "Hello from Rasa: 3.6.21", {}
        if request.path != "/webhooks/rest/webhook":
            return 404, {"error": "not found"}, {}
        if self.token and request.query.get("token") != self.token:
            return 401, {"version": "3.6.21", "status": "failure", "reason": "NotAuthenticated"}, {}
        data = request.json()
        sender, message = str(data["sender"]), str(data["message"])
        with self._lock:
            self.received.append((sender, message))
            if "metadata" in data:
                self.received_metadata.append((sender, data["metadata"]))
        if self.empty_replies:
            return 200, [], {}
        if message in self.failing:
            return 500, {"version": "3.6.21", "status": "failure", "message": "an action failed"}, {}
        return 200, [dict(r, recipient_id=sender) for r in self.replies(message)], {}

    def replies(self, message: str) -> list[dict[str, Any]]:
        if message in self.scripted:
            return self.scripted[message]
        if message in ("English please", "in het Nederlands graag"):
            # A choice in words: the assistant's reply says it was one (as `action_set_language` does).
            lang = "en" if message.startswith("English") else "nl"
            return [{"text": CHOSEN[lang]}, {"custom": languages.choice_reply(lang)}]
        if message in ("hallo", "/start", "hi"):
            return [{"text": "Welkom bij WegwijZ-in-Zeist! 👋 In welke taal wil je praten?",
                     "buttons": LANGUAGE_BUTTONS}]
        if message.startswith("/choose_language"):
            try:  # like Rasa, a forged or broken choice is not a choice
                lang = json.loads(message[len("/choose_language"):])["language"]
            except (ValueError, KeyError, TypeError):
                lang = None
            if lang in CHOSEN:
                return [{"text": CHOSEN[lang]}]
        if message == "/kb_huisarts":
            return [
                {"text": "**Huisarts**\n\nJe huisarts is je eerste hulp bij ziekte. Bel 's nachts de "
                         "huisartsenpost.\n\n_Nog vragen?_ Was dit nuttig?",
                 "buttons": [{"title": "👍 Ja", "payload": "/feedback_yes"},
                             {"title": "👎 Nee", "payload": "/feedback_no"}]},
                {"custom": {"source": {"article": "huisarts", "lang": "nl", "status": "source"}}},
            ]
        if message == "suggestions":
            titles = [f"Onderwerp nummer {n} met een lange titel" for n in range(1, 13)]
            return [{"text": "Bedoel je een van deze onderwerpen?",
                     "buttons": [{"title": t, "payload": f"/kb_onderwerp_{n}_" + "x" * 60}
                                 for n, t in enumerate(titles, start=1)]}]
        if message == "long":
            return [{"text": "\n\n".join(f"Alinea {n}: " + "tekst " * 150 for n in range(12))}]
        return [{"text": f"echo: {message}"}]
