"""Our REST input channel for Rasa: Rasa's own REST channel behind the channel secret.

Registered in `bot/credentials.yml` instead of `rest:`.  Its name stays `rest`, so the path stays
`/webhooks/rest/webhook` and the JSON in and out (sender, message, metadata) is Rasa's.  A request without
the header `X-WegwijZ-Channel-Secret` holding the secret is refused with 401 before Rasa sees it; a body
that is not one JSON object with a string `sender` and `message` gets 400 and a kind reply (never a 500
or an empty reply).

One rule for what people type lives here, because every message passes this door and it must hold in
every state without the language model's guess: a message that is only a stop word ("STOP", "afmelden",
"إيقاف", "ደው በሉ") becomes the pause command, marked as a stop word (`wegwijz.digest.words.at_the_door`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from wegwijz import log_privacy, message_body, rasa_speed
from wegwijz.doorkeys import CHANNEL_HEADER, channel_secret, matches
from wegwijz.settings import load

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
"""Bytes of one request to Rasa; larger requests get 413 before anything reads them."""


def too_large(_request: Request, _error: Exception) -> HTTPResponse:
    """413 with Rasa's reply shape and a kind "send it shorter" in each language."""
    return response.json([{"recipient_id": "", "text": message_body.kind_text("too_large", None)}], status=413)


class GuardedRestInput(RestInput):
    """Rasa's REST channel that answers only callers carrying the channel secret.

    Args:
        secret: the channel secret; read from `WEGWIJZ_CHANNEL_SECRET` or `var/channel-secret` when None.
    """

    def __init__(self, secret: str | None = None) -> None:
        log_privacy.install()  # Rasa's own log lines go through the scrubber from here on
        rasa_speed.install()  # the action server's replies checked by a prebuilt validator
        self.secret = secret or channel_secret(load().var_dir)

    @classmethod
    def name(cls) -> str:
        """`rest`, so the webhook keeps its path `/webhooks/rest/webhook`."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        """Made by Rasa from `bot/credentials.yml`; the secret never lives in that file."""
        return cls()

    def _extract_message(self, req: Request) -> str | None:
        """The message text; a stop word becomes the pause command, in every state (`wegwijz.digest.words`)."""
        from wegwijz.digest import words

        return words.at_the_door(super()._extract_message(req), None)[0]

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """The message metadata; a stop word is marked in it, so the pause action also stops the weekly tips."""
        from wegwijz.digest import words

        metadata = super().get_metadata(request)
        return words.at_the_door(request.json.get("message"), metadata)[1]

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST routes with the secret checked before each request."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.listener("before_server_start")
        async def limit_body_size(app: Sanic, _loop: object) -> None:
            # Sanic reads up to 100 MB by default; a chat message and its metadata fit in far less.
            # The limit is the server's (Rasa's API calls are small too).
            app.config.REQUEST_MAX_SIZE = MAX_BODY
            # Sanic refuses a larger body before any route or middleware runs, with a plain "413"; the person
            # gets a kind reply instead, in all four languages (the body that would name the language is unread).
            app.error_handler.add(PayloadTooLarge, too_large)

        @blueprint.middleware("request")
        async def require_secret_and_a_readable_body(request: Request) -> HTTPResponse | None:
            if not matches(request.headers.get(CHANNEL_HEADER), self.secret):
                return response.json({"error": "unauthorized",
                                      "detail": f"the header {CHANNEL_HEADER} is missing or wrong"}, status=401)
            if request.method != "POST":
                return None
            try:
                data = message_body.parse(request.body or b"")
            except message_body.BadBody as error:
                log.info("refused a REST body: %s", error)
                return response.json(
                    [{"recipient_id": "", "text": message_body.kind_text("bad_request",
                                                                         message_body.language_of(request.body))}],
                    status=400)
            log_privacy.remember(data["message"])
            request.ctx.message_data = data
            return None

        @blueprint.middleware("response")
        async def never_an_empty_reply_to_a_command(request: Request, answer: HTTPResponse) -> HTTPResponse | None:
            # A typed or forged command that Rasa handles without a word (its built-in "/restart", say)
            # would leave the person with nothing: they get the command list in their language instead.
            # An ordinary message answered with nothing is left alone: the gateway takes that for an
            # action server that is down and tries again later.
            data = getattr(request.ctx, "message_data", None)
            if request.method != "POST" or answer.status != 200 or not data:
                return None
            if not str(data["message"]).lstrip().startswith("/") or (answer.body or b"").strip() != b"[]":
                return None
            lang = message_body.language_of(request.body)
            return response.json([{"recipient_id": data["sender"],
                                   "text": message_body.kind_text("unknown_command", lang)}])

        return blueprint
