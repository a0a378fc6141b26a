"""WhatsApp Cloud API client on `requests`: send a message, mark one read (with a typing indicator),
and send a kennisbank article read aloud (upload the audio to `/media`, then an `audio` message)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import requests

from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.constants import Channel
from wegwijz.channels.sending import Delivery, Outcome

log = logging.getLogger(__name__)

RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}
"""Graph API error codes that mean "too fast": app and account limits, throughput (130429),
spam rate limit and the per-person pair limit."""
TOKEN_CODES = {190}
"""Our access token is invalid or expired: a configuration problem, so keep the message and retry."""


class WhatsAppClient:
    """Calls `POST {base}/{version}/{phone_number_id}/messages` with our access token."""

    def __init__(self, config: ChannelConfig, timeout: float = 20.0) -> None:
        self.url = (f"{config.whatsapp_api_base}/{config.whatsapp_api_version}/"
                    f"{config.whatsapp_phone_number_id}/messages")
        self.media_url = self.url.rsplit("/", 1)[0] + "/media"
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {config.whatsapp_access_token}"

    def send(self, to: str, body: dict[str, Any]) -> Delivery:
        """Send one message body to phone number `to`."""
        if "voice" in body:
            return self.send_voice(to, body["voice"])
        try:
            response = self.http.post(self.url, json={**body, "to": to}, timeout=self.timeout)
        except requests.RequestException as error:
            return Delivery(Outcome.RETRY, error=f"network: {type(error).__name__}")
        return self._outcome(response)

    def send_voice(self, to: str, voice: dict[str, str]) -> Delivery:
        """Upload the article read aloud (OGG/Opus) and send it as an audio message."""
        from wegwijz.voice.library import CONTENT_TYPE, VoiceUnavailable, default_library

        try:
            made = default_library().voice(voice["article"], voice["lang"])
        except VoiceUnavailable as error:
            log.error("voice message not made: %s", error)
            return Delivery(Outcome.REJECTED, error=f"VoiceUnavailable: {error}")
        try:
            with made.path.open("rb") as audio:
                response = self.http.post(self.media_url, data={"messaging_product": "whatsapp",
                                                                "type": CONTENT_TYPE},
                                          files={"file": (made.name, audio, CONTENT_TYPE)}, timeout=self.timeout)
        except requests.RequestException as error:
            return Delivery(Outcome.RETRY, error=f"network: {type(error).__name__}")
        uploaded = self._outcome(response)
        media_id = self._json(response).get("id") if uploaded.outcome == Outcome.SENT else None
        if not media_id:
            return uploaded if uploaded.outcome != Outcome.SENT else Delivery(Outcome.RETRY, error="no media id")
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "audio",
                "audio": {"id": media_id}}
        try:
            response = self.http.post(self.url, json=body, timeout=self.timeout)
        except requests.RequestException as error:
            return Delivery(Outcome.RETRY, error=f"network: {type(error).__name__}")
        return self._outcome(response)

    @staticmethod
    def _json(response: requests.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _outcome(self, response: requests.Response) -> Delivery:
        """What a Graph API answer means for the outbox."""
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code == 200:
            messages = data.get("messages") or [{}]
            return Delivery(Outcome.SENT, provider_message_id=messages[0].get("id"))
        problem = data.get("error") or {}
        code = problem.get("code")
        text = f"HTTP {response.status_code}, code {code}: {problem.get('message', '')}".strip()
        if response.status_code == 429 or code in RATE_LIMIT_CODES:
            retry_after = response.headers.get("Retry-After")
            return Delivery(Outcome.RATE_LIMITED, retry_after=float(retry_after) if retry_after else None,
                            error=text)
        if response.status_code >= 500 or problem.get("is_transient"):
            return Delivery(Outcome.RETRY, error=text)
        if response.status_code == 401 or code in TOKEN_CODES:
            log.error("WhatsApp refuses our access token (check WHATSAPP_ACCESS_TOKEN): %s", text)
            return Delivery(Outcome.RETRY, error=text)
        return Delivery(Outcome.REJECTED, error=text)

    def mark_read(self, message_id: str, typing: bool = False) -> None:
        """Mark a received message read (blue ticks), optionally showing "typing…" (best effort)."""
        body: dict[str, Any] = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        if typing:
            body["typing_indicator"] = {"type": "text"}
        try:
            self.http.post(self.url, json=body, timeout=self.timeout)
        except requests.RequestException as error:
            log.debug("message not marked read: %s", error)


class WhatsAppSender:
    """The outbox worker's view of WhatsApp (calls run in a thread: `requests` blocks)."""

    channel = Channel.WHATSAPP

    def __init__(self, client: WhatsAppClient) -> None:
        self.client = client

    async def deliver(self, address: str, kind: str, payload: dict[str, Any]) -> Delivery:
        """Send one message body to `address` (a phone number)."""
        return await asyncio.to_thread(self.client.send, address, payload)

    async def typing(self, address: str, reply_ref: str | None) -> None:
        """Mark the person's message read and show "typing…" while Rasa thinks."""
        if reply_ref:
            await asyncio.to_thread(self.client.mark_read, reply_ref, True)

    async def acknowledge(self, reply_ref: str) -> None:
        """Mark a message read (for messages that need no answer from Rasa)."""
        await asyncio.to_thread(self.client.mark_read, reply_ref, False)
