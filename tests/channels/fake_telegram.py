"""A fake Telegram Bot API over loopback HTTP, strict where the real one is strict.

It serves `getMe`, `getUpdates` (long polling with offsets), `sendMessage`
(HTML checked, 4096 characters, 64-byte callback data), `sendChatAction`,
`answerCallbackQuery`, `setMyCommands`, `setWebhook` and `deleteWebhook`.
Like Telegram it answers 429 with `retry_after` when a bot sends too fast,
and it can be told to answer 429 or 502 to chosen requests. Every limit
broken by the bot is recorded in `violations`; those checks only ever compare
lower bounds (a gap the bot must have kept), so a slow machine cannot make
them fail.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from tests.channels.fake_http import LoopbackServer, Request

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
                "blockquote", "span"}


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.error = f"Unexpected end tag \"{tag}\""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> tuple[str | None, str]:
    """(error, visible text) of a message in Telegram's HTML style."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if checker.stack and not checker.error:
        checker.error = f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\""
    return checker.error, "".join(checker.text)


@dataclass
class Sent:
    """A message Telegram accepted."""

    chat_id: int
    text: str
    html: str
    keyboard: list[list[dict[str, str]]]
    at: float


@dataclass
class Limits:
    """The limits this fake enforces, like Telegram's (made faster for tests)."""

    per_chat_interval: float = 0.0
    per_second: int = 0
    tolerance: float = 0.03
    """Timing slack for loopback jitter."""


@dataclass
class FakeTelegram:
    """The fake Bot API; `token` must match the bot's."""

    token: str = "123456:TEST-token"
    limits: Limits = field(default_factory=Limits)
    flood_at: set[int] = field(default_factory=set)
    """sendMessage call numbers (1-based) answered with 429 (a flood-control storm)."""
    flood_seconds: int = 1
    fail_at: set[int] = field(default_factory=set)
    """sendMessage call numbers answered with 502 Bad Gateway."""

    def __post_init__(self) -> None:
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.violations: list[str] = []
        self.rate_limited = 0
        self.during_flood = 0
        """sendMessage calls that arrived during a flood wait (answered 429 again)."""
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._send_calls = 0
        self._flood_until = 0.0
        self._last_to_chat: dict[int, float] = {}
        self._condition = threading.Condition()
        self.server = LoopbackServer(self.handle)

    @property
    def api_base(self) -> str:
        """For TELEGRAM_API_BASE."""
        return self.server.url

    def start(self) -> FakeTelegram:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    # --- what the test does as a Telegram user -------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (numbered when it has no update_id yet)."""
        with self._condition:
            if "update_id" not in update:
                update = {"update_id": self._next_update, **update}
                self._next_update += 1
            self._updates.append(update)
            self._condition.notify_all()
        return update

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._condition:
            return [params for name, params in self.calls if name == method]

    def texts_to(self, chat_id: int) -> list[str]:
        with self._condition:
            return [s.text for s in self.sent if s.chat_id == chat_id]

    def messages_to(self, chat_id: int) -> list[Sent]:
        with self._condition:
            return [s for s in self.sent if s.chat_id == chat_id]

    # --- the Bot API ------------------------------------------------------------------------------

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        prefix = f"/bot{self.token}/"
        if not request.path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, {}
        method = request.path[len(prefix):]
        params = request.form()
        with self._condition:
            self.calls.append((method, params))
        handler = getattr(self, "api_" + method, None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}, {}
        return handler(params)

    @staticmethod
    def ok(result: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, {"ok": True, "result": result}, {}

    def error(self, code: int, description: str, retry_after: int | None = None) -> tuple[int, Any, dict[str, str]]:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            self.rate_limited += 1
            body["parameters"] = {"retry_after": retry_after}
        return code, body, {}

    def api_getMe(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self.ok({"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "WegwijZ",
                        "username": "WegwijzTestBot", "can_join_groups": False,
                        "can_read_all_group_messages": False, "supports_inline_queries": False})

    def api_getUpdates(self, params: dict[str, Any]) -> Any:  # noqa: N802
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._condition:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]  # confirmed: forgotten
            while not self._updates and time.monotonic() < deadline:
                self._condition.wait(deadline - time.monotonic())
            return self.ok(list(self._updates[:100]))

    def api_deleteWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = None
        return self.ok(True)

    def api_setWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = params
        return self.ok(True)

    def api_setMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        for command in params["commands"]:
            if not 1 <= len(command["description"]) <= 256 or not command["command"].islower():
                return self.error(400, "Bad Request: BOT_COMMAND_INVALID")
        return self.ok(True)

    def api_sendChatAction(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self.ok(True)

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self.ok(True)

    def api_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        now = time.monotonic()
        chat_id = int(params["chat_id"])
        with self._condition:
            self._send_calls += 1
            number = self._send_calls
            if now < self._flood_until:
                # Not a violation by itself: a request already on its way when we said 429 may arrive
                # late on a busy machine. Whether the bot kept the pause is checked on its own clock
                # (the limiter's journal), not from here.
                self.during_flood += 1
                return self.error(429, "Too Many Requests: retry after 1", max(1, round(self._flood_until - now)))
            if number in self.flood_at:
                return self._flood(now, self.flood_seconds)
            if number in self.fail_at:
                return self.error(502, "Bad Gateway")
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.limits.per_chat_interval - self.limits.tolerance:
                self.violations.append(f"chat {chat_id}: {now - last:.3f} s after the previous message")
                return self._flood(now, 1)
            if self.limits.per_second:
                window = [s for s in self.sent if s.at > now - (1.0 - self.limits.tolerance)]
                if len(window) >= self.limits.per_second:
                    self.violations.append(f"{len(window) + 1} messages within one second")
                    return self._flood(now, 1)
            markup = params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if len(button.get("callback_data", "").encode("utf-8")) > 64:
                        return self.error(400, "Bad Request: BUTTON_DATA_INVALID")
            text = str(params.get("text") or "")
            if params.get("parse_mode") == "HTML":
                problem, visible = parse_html(text)
                if problem:
                    return self.error(400, f"Bad Request: can't parse entities: {problem}")
            else:
                visible = text
            if not visible.strip():
                return self.error(400, "Bad Request: message text is empty")
            if len(visible.encode("utf-16-le")) // 2 > 4096:
                return self.error(400, "Bad Request: message is too long")
            self._last_to_chat[chat_id] = now
            self.sent.append(Sent(chat_id, visible, text, markup.get("inline_keyboard", []), now))
            message_id = len(self.sent)
        return self.ok({"message_id": message_id, "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                        "text": html.unescape(visible)})

    def _flood(self, now: float, seconds: int) -> Any:
        self._flood_until = now + seconds
        return self.error(429, f"Too Many Requests: retry after {seconds}", seconds)


# --- updates as Telegram sends them --------------------------------------------------------------

_message_ids = iter(range(1000, 10**9))


def _user(chat_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    if language_code:
        user["language_code"] = language_code
    return user


def message_update(chat_id: int, language_code: str | None = "nl", chat_type: str = "private",
                   **content: Any) -> dict[str, Any]:
    """An update with a message (pass text=..., voice=..., photo=..., ...)."""
    chat = {"id": chat_id, "type": chat_type, "first_name": "Test"} if chat_type == "private" else {
        "id": chat_id, "type": chat_type, "title": "Groep"}
    message = {"message_id": next(_message_ids), "date": int(time.time()), "chat": chat,
               "from": _user(abs(chat_id), language_code), **content}
    if str(content.get("text", "")).startswith("/"):
        command = content["text"].split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"message": message}


def text_update(chat_id: int, text: str, language_code: str | None = "nl") -> dict[str, Any]:
    return message_update(chat_id, language_code, text=text)


def button_update(chat_id: int, data: str, language_code: str | None = "nl") -> dict[str, Any]:
    """A press on an inline keyboard button."""
    return {"callback_query": {
        "id": f"cbq-{next(_message_ids)}", "from": _user(chat_id, language_code), "chat_instance": "ci",
        "data": data, "message": {"message_id": next(_message_ids), "date": int(time.time()),
                                  "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                                  "text": "…"}}}


MEDIA = {
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3}},
    "photo": {"photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 90, "height": 90}]},
    "sticker": {"sticker": {"file_id": "s1", "file_unique_id": "us1", "width": 512, "height": 512,
                            "is_animated": False, "is_video": False, "type": "regular"}},
    "location": {"location": {"latitude": 52.0893, "longitude": 5.2312}},
    "document": {"document": {"file_id": "d1", "file_unique_id": "ud1", "file_name": "brief.pdf"}},
}


def media_update(chat_id: int, kind: str, language_code: str | None = "nl") -> dict[str, Any]:
    return message_update(chat_id, language_code, **MEDIA[kind])
