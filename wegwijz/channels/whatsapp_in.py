"""WhatsApp, inbound: the Cloud API webhook (verification, signature, messages, delivery statuses)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wegwijz.channels.constants import Channel, InboundKind
from wegwijz.channels.inbox import Inbound

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"

_MEDIA = {
    "audio": InboundKind.VOICE,
    "image": InboundKind.PHOTO,
    "sticker": InboundKind.STICKER,
    "location": InboundKind.LOCATION,
    "document": InboundKind.DOCUMENT,
}
_IGNORED = {"system", "ephemeral", "request_welcome"}
"""Message types that ask nothing of the assistant."""


@dataclass(frozen=True)
class StatusUpdate:
    """What WhatsApp says became of a message it accepted: sent, delivered, read or failed."""

    provider_message_id: str
    status: str
    error: dict[str, Any] | None = None
    """For `failed`: code, title, message, details (`error_data.details`) and href, as far as given."""

    @property
    def reason(self) -> str:
        """The error code and title in one line ("" when not failed)."""
        if not self.error:
            return ""
        return f"{self.error.get('code', '?')} {self.error.get('title', '')}".strip()


def _status(status: dict[str, Any]) -> StatusUpdate | None:
    if not status.get("id") or status.get("status") not in ("sent", "delivered", "read", "failed"):
        return None
    error = None
    if status["status"] == "failed":
        first = _obj((_list(status.get("errors")) or [{}])[0])
        error = {"code": first.get("code"), "title": first.get("title")}
        for key in ("message", "href"):
            if first.get(key):
                error[key] = first[key]
        details = _obj(first.get("error_data")).get("details")
        if details:
            error["details"] = details
    return StatusUpdate(str(status["id"]), str(status["status"]), error)


def signature_ok(app_secret: str, body: bytes, header: str | None) -> bool:
    """Whether `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with our app secret (constant time)."""
    if not header or not app_secret:
        return False
    expected = "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), header.strip().encode("utf-8", "replace"))


def challenge(args: Mapping[str, str], verify_token: str) -> str | None:
    """The `hub.challenge` to echo when Meta verifies the webhook with our token; None otherwise."""
    token = args.get("hub.verify_token") or ""
    if args.get("hub.mode") != "subscribe" or not verify_token:
        return None
    if not hmac.compare_digest(token.encode("utf-8", "replace"), verify_token.encode("utf-8")):
        return None
    return args.get("hub.challenge") or ""


def _address(message: dict[str, Any], contacts: list[Any]) -> str:
    """Who wrote: the contact's `wa_id`, else the message's `from`, else the username user's `user_id`.

    People with a WhatsApp username may have no phone number in the webhook at
    all; their business-scoped user id (BSUID) then is their address.
    """
    sender = message.get("from")
    for contact in contacts:
        if isinstance(contact, dict) and contact.get("wa_id") and (
                len(contacts) == 1 or contact.get("wa_id") == sender):
            return str(contact["wa_id"])
    if sender:
        return str(sender)
    for contact in contacts:
        if isinstance(contact, dict) and contact.get("user_id"):
            return str(contact["user_id"])
    return ""


def _obj(value: Any) -> dict[str, Any]:
    """A JSON object where one is expected; anything else (a forged or broken body) counts as empty."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _inbound(message: dict[str, Any], contacts: list[Any] | None = None) -> Inbound | None:
    kind = message.get("type")
    address = _address(message, contacts or [])
    sender = f"wa:{address}"
    wamid = str(message.get("id") or "")
    if not wamid or not address or kind in _IGNORED:
        if wamid and not address:
            log.warning("WhatsApp message %s without a sender ignored", wamid)
        return None
    if kind == "text":
        body = _text(_obj(message.get("text")).get("body"))
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.TEXT, text=body, reply_ref=wamid)
    if kind == "interactive":
        interactive = _obj(message.get("interactive"))
        reply = _obj(interactive.get("button_reply") or interactive.get("list_reply"))
        if not reply.get("id"):
            return None
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.BUTTON, text=str(reply["id"]), reply_ref=wamid)
    if kind == "reaction":  # stored, never answered (an emoji says nothing to answer)
        emoji = str(_obj(message.get("reaction")).get("emoji") or "")
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.REACTION, text=emoji or None, reply_ref=wamid)
    if kind == "button":  # a quick-reply button of a template message
        button = _obj(message.get("button"))
        # The payload is what the button means (a check-in answer, say); the text is only its title.
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.TEMPLATE_REPLY,
                       text=str(button.get("payload") or button.get("text") or ""), reply_ref=wamid)
    content = message.get(str(kind))
    caption = content.get("caption") if isinstance(content, dict) else None
    if kind == "unsupported":
        log.info("WhatsApp message of an unsupported type (%s) answered kindly",
                 (content or {}).get("type", "unknown") if isinstance(content, dict) else "unknown")
    return Inbound(Channel.WHATSAPP, wamid, sender, _MEDIA.get(str(kind), InboundKind.OTHER),
                   text=str(caption) if caption else None, reply_ref=wamid)


def _sent_at(message: dict[str, Any]) -> int | None:
    """When the person sent the message (WhatsApp's `timestamp`, Unix seconds): its place in their order."""
    value = message.get("timestamp")
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 2**62 else None
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 19 else None


def parse(payload: Any, phone_number_id: str) -> tuple[list[Inbound], list[StatusUpdate]]:
    """Messages and delivery statuses in a webhook call (every change, in order), for our phone number only."""
    inbounds: list[Inbound] = []
    failures: list[StatusUpdate] = []
    if not isinstance(payload, dict):
        return inbounds, failures
    for entry in _list(payload.get("entry")):
        for change in _list(_obj(entry).get("changes")):
            value = _obj(_obj(change).get("value"))
            number = str(_obj(value.get("metadata")).get("phone_number_id") or "")
            if number and number != phone_number_id:
                log.warning("WhatsApp webhook for another phone number id (%s) ignored", number)
                continue
            contacts = _list(value.get("contacts"))
            for message in _list(value.get("messages")):
                item = _inbound(_obj(message), contacts)
                if item is not None:
                    inbounds.append(dataclasses.replace(item, platform_order=_sent_at(_obj(message))))
            for status in _list(value.get("statuses")):
                update = _status(status) if isinstance(status, dict) else None
                if update is not None:
                    failures.append(update)
    return inbounds, failures
