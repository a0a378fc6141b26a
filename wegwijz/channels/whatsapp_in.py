"""WhatsApp, inbound: the Cloud API webhook (verification, signature, messages, delivery statuses)."""

from __future__ import annotations

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
_IGNORED = {"reaction", "system", "ephemeral", "request_welcome"}
"""Message types that ask nothing of the assistant."""


@dataclass(frozen=True)
class DeliveryFailure:
    """WhatsApp could not deliver a message it had accepted (a `failed` status)."""

    provider_message_id: str
    reason: str


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


def _inbound(message: dict[str, Any]) -> Inbound | None:
    kind = message.get("type")
    sender = f"wa:{message.get('from')}"
    wamid = str(message.get("id") or "")
    if not wamid or not message.get("from") or kind in _IGNORED:
        return None
    if kind == "text":
        body = (message.get("text") or {}).get("body")
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.TEXT, text=body, reply_ref=wamid)
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        if not reply.get("id"):
            return None
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.BUTTON, text=str(reply["id"]), reply_ref=wamid)
    if kind == "button":  # a quick-reply button of a template message
        button = message.get("button") or {}
        return Inbound(Channel.WHATSAPP, wamid, sender, InboundKind.TEMPLATE_REPLY,
                       text=str(button.get("text") or button.get("payload") or ""), reply_ref=wamid)
    return Inbound(Channel.WHATSAPP, wamid, sender, _MEDIA.get(str(kind), InboundKind.OTHER), reply_ref=wamid)


def parse(payload: Any, phone_number_id: str) -> tuple[list[Inbound], list[DeliveryFailure]]:
    """Messages and failed deliveries in a webhook call, for our phone number only."""
    inbounds: list[Inbound] = []
    failures: list[DeliveryFailure] = []
    if not isinstance(payload, dict):
        return inbounds, failures
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            number = str((value.get("metadata") or {}).get("phone_number_id") or "")
            if number and number != phone_number_id:
                log.warning("WhatsApp webhook for another phone number id (%s) ignored", number)
                continue
            for message in value.get("messages") or []:
                item = _inbound(message or {})
                if item is not None:
                    inbounds.append(item)
            for status in value.get("statuses") or []:
                if (status or {}).get("status") == "failed" and status.get("id"):
                    errors = status.get("errors") or [{}]
                    reason = f"{errors[0].get('code', '?')} {errors[0].get('title', '')}".strip()
                    failures.append(DeliveryFailure(str(status["id"]), reason))
    return inbounds, failures
