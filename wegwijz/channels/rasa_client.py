"""The one client of Rasa: its REST channel (one message in, the replies out) for the gateway and the web
chat, and its HTTP API's `trigger_intent` for the check-in scheduler."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import requests

from wegwijz import doorkeys
from wegwijz.settings import load as load_settings

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) cannot answer now; try again later."""

    lang: str | None = None
    """The language of the turn that could not be answered, when known (for a kind "try again")."""

    def __init__(self, message: str, reached: bool = False) -> None:
        super().__init__(message)
        self.reached = reached
        """Rasa and its action server were reachable and still failed on this message (a timeout, an
        error status, nothing answered): the message itself may be the cause, so its retries are capped."""


class RasaClient:
    """Talks to `POST {url}/webhooks/rest/webhook`.

    Args:
        url: Rasa's base URL (`RASA_URL`).
        token: Rasa's `--auth-token`, sent as `?token=` when set.
        channel_secret: sent in `X-WegwijZ-Channel-Secret`; by default `WEGWIJZ_CHANNEL_SECRET` or
            `var/channel-secret` (see `wegwijz.doorkeys`).
        timeout: seconds to wait for an answer.
        action_health_url: the action server's health URL; asked when Rasa answers
            nothing at all, because that is how Rasa behaves when its action server is down.
    """

    def __init__(self, url: str, token: str = "", timeout: float = 30.0, action_health_url: str = "",
                 channel_secret: str | None = None) -> None:
        self.base_url = url.rstrip("/")
        self.url = self.base_url + "/webhooks/rest/webhook"
        self.token = token
        self.timeout = timeout
        self.action_health_url = action_health_url
        self.http = requests.Session()
        if channel_secret is None:
            channel_secret = doorkeys.channel_secret(load_settings().var_dir)
        self.http.headers[doorkeys.CHANNEL_HEADER] = channel_secret

    def talk(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one message (with Rasa message `metadata`, when given); returns Rasa's replies.

        Raises:
            RasaUnavailable: when Rasa or its action server does not answer properly.
        """
        params = {"token": self.token} if self.token else None
        try:
            body: dict[str, Any] = {"sender": sender_id, "message": text}
            if metadata:
                body["metadata"] = metadata
            response = self.http.post(self.url, json=body, params=params, timeout=self.timeout)
        except requests.RequestException as error:
            timed_out = isinstance(error, requests.Timeout) and not isinstance(error, requests.ConnectTimeout)
            raise RasaUnavailable(f"Rasa not reachable: {type(error).__name__}", reached=timed_out) from error
        if response.status_code != 200:
            if response.status_code in (401, 403):
                log.error("Rasa refuses us (check WEGWIJZ_CHANNEL_SECRET and RASA_TOKEN): HTTP %s",
                          response.status_code)
            raise RasaUnavailable(f"Rasa answered HTTP {response.status_code}", reached=response.status_code >= 500)
        try:
            replies = response.json()
        except ValueError as error:
            raise RasaUnavailable("Rasa answered something that is not JSON") from error
        if not isinstance(replies, list):
            raise RasaUnavailable("Rasa answered something that is not a list of replies")
        if not replies:
            # Every turn of our assistant answers something. Rasa answers 200 with nothing when a
            # step behind it failed (its action server down, its tracker store away) and only logs it.
            if not self.actions_up():
                raise RasaUnavailable("the action server is down")
            raise RasaUnavailable("Rasa answered nothing", reached=True)
        return [r for r in replies if isinstance(r, dict)]

    def trigger_intent(self, sender_id: str, intent: str, entities: dict[str, Any]) -> list[dict[str, Any]]:
        """Start a conversation turn as if the newcomer had sent `intent`; returns the bot's messages.

        Raises:
            RasaUnavailable: on any connection problem or error status (no messages were delivered).
        """
        url = f"{self.base_url}/conversations/{quote(sender_id, safe=':@')}/trigger_intent"
        params = {"token": self.token} if self.token else {}
        try:
            response = self.http.post(url, params=params, json={"name": intent, "entities": entities},
                                      timeout=self.timeout)
            response.raise_for_status()
            messages = list(response.json().get("messages") or [])
        except (requests.RequestException, ValueError, AttributeError) as error:
            raise RasaUnavailable(str(error)[:300]) from error
        if not messages:
            # Every check-in opens with a question: nothing at all means the action server (or the
            # database behind it) failed, and Rasa only logged it. Nothing reached the newcomer.
            raise RasaUnavailable("Rasa answered nothing (the action server may be down)")
        return messages

    def actions_up(self) -> bool:
        """Whether the action server answers its health check (True when we cannot ask)."""
        if not self.action_health_url:
            return True
        try:
            return self.http.get(self.action_health_url, timeout=5).status_code == 200
        except requests.RequestException:
            return False
