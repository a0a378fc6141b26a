"""Our REST input channel for Rasa: Rasa's own REST channel behind the channel secret.

Registered in `bot/credentials.yml` instead of `rest:`.  Its name stays `rest`, so the path stays
`/webhooks/rest/webhook` and the JSON in and out (sender, message, metadata) is Rasa's.  A request without
the header `X-WegwijZ-Channel-Secret` holding the secret is refused with 401 before Rasa sees it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from wegwijz.doorkeys import CHANNEL_HEADER, channel_secret, matches
from wegwijz.settings import load


class GuardedRestInput(RestInput):
    """Rasa's REST channel that answers only callers carrying the channel secret.

    Args:
        secret: the channel secret; read from `WEGWIJZ_CHANNEL_SECRET` or `var/channel-secret` when None.
    """

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or channel_secret(load().var_dir)

    @classmethod
    def name(cls) -> str:
        """`rest`, so the webhook keeps its path `/webhooks/rest/webhook`."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        """Made by Rasa from `bot/credentials.yml`; the secret never lives in that file."""
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST routes with the secret checked before each request."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def require_secret(request: Request) -> HTTPResponse | None:
            if matches(request.headers.get(CHANNEL_HEADER), self.secret):
                return None
            return response.json({"error": "unauthorized",
                                  "detail": f"the header {CHANNEL_HEADER} is missing or wrong"}, status=401)

        return blueprint
