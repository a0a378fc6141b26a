"""WhatsApp, outbound: replies as Cloud API message bodies (the `to` field is added when sending).

Buttons become interactive reply buttons (at most 3, titles up to 20
characters) or, when there are more or longer ones, a list (up to 10 rows per
message). Texts longer than WhatsApp allows are split.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wegwijz.channels.button_keys import button_data
from wegwijz.channels.formatting import right_to_left, split_text, whatsapp_markup
from wegwijz.channels.replies import Outgoing
from wegwijz.texts import say

MAX_TEXT = 4096
"""Characters in a text message body."""
MAX_BODY = 1024
"""Characters in the body of an interactive message."""
MAX_REPLY_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256
MAX_ROWS = 10
"""Rows in one list message (all sections together)."""
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_ROW_ID = 200
MAX_LIST_BUTTON = 20


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _interactive(body: str, action: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "type": "interactive",
            "interactive": {"type": kind, "body": {"text": body}, "action": action}}


def text_body(text: str) -> dict[str, Any]:
    """A plain text message."""
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "type": "text",
            "text": {"body": text, "preview_url": False}}


def _with_buttons(session: Session, body: str, buttons: tuple[tuple[str, str], ...], lang: str) -> list[dict]:
    if len(buttons) <= MAX_REPLY_BUTTONS and all(len(title) <= MAX_BUTTON_TITLE for title, _ in buttons):
        replies = [{"type": "reply", "reply": {"id": button_data(session, payload, MAX_BUTTON_ID), "title": title}}
                   for title, payload in buttons]
        action: dict[str, Any] = {"buttons": replies}
        return [_interactive(body, action, "button")]
    lists = []
    for start in range(0, len(buttons), MAX_ROWS):
        rows: list[dict[str, str]] = []
        for title, payload in buttons[start:start + MAX_ROWS]:
            row = {"id": button_data(session, payload, MAX_ROW_ID), "title": _clip(title, MAX_ROW_TITLE)}
            if len(title) > MAX_ROW_TITLE:  # the whole title stays readable below the short one
                row["description"] = _clip(title, MAX_ROW_DESCRIPTION)
            rows.append(row)
        action = {"button": _clip(say("channel_list_button", lang), MAX_LIST_BUTTON),
                  "sections": [{"rows": rows}]}
        lists.append(_interactive(body if start == 0 else "…", action, "list"))
    return lists


def render(session: Session, messages: list[Outgoing], lang: str) -> list[dict[str, Any]]:
    """The Cloud API bodies for `messages`, in order."""
    bodies: list[dict[str, Any]] = []
    for message in messages:
        if message.raw is not None:
            bodies.append(dict(message.raw))
            continue
        if message.voice is not None:  # uploaded when it is sent, then an audio message (WhatsAppClient)
            bodies.append({"voice": message.voice})
            continue
        text = whatsapp_markup(right_to_left(message.text))
        if not message.buttons:
            bodies.extend(text_body(part) for part in split_text(text, MAX_TEXT))
            continue
        parts = split_text(text, MAX_TEXT)
        last = split_text(parts.pop(), MAX_BODY)  # an interactive body is shorter than a text message
        parts += last[:-1]
        bodies.extend(text_body(part) for part in parts)
        bodies.extend(_with_buttons(session, last[-1], message.buttons, lang))
    return bodies


def template_body(name: str, language_code: str) -> dict[str, Any]:
    """A template message (allowed outside the 24-hour window); the template has no variables."""
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "type": "template",
            "template": {"name": name, "language": {"code": language_code}}}
