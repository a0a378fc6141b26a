"""The gateway's small web server: Telegram's webhook (webhook mode) and WhatsApp's webhook.

Each call is checked (Telegram: the secret token header, wrong or missing ->
403; WhatsApp: the HMAC signature over the raw body, wrong or missing -> 401)
and its updates are stored before we answer 200, so Telegram and WhatsApp
send again whatever we did not store. Put it behind an HTTPS reverse proxy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from flask import Flask, Response, abort, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from telegram import Update

from wegwijz.channels import outbox, telegram_in, turns, whatsapp_in
from wegwijz.channels.config import ChannelConfig

log = logging.getLogger(__name__)

TELEGRAM_PATH = "/telegram/webhook"
WHATSAPP_PATH = "/whatsapp/webhook"
MAX_BODY = 1024 * 1024
"""Webhook calls are small; anything bigger is refused unread."""
RETRY_AFTER = 30
"""Seconds we ask the platform to wait when the database cannot store a call right now."""


def create_webhook_app(config: ChannelConfig, factory: sessionmaker, received: Callable[[], None]) -> Flask:
    """The webhook application.

    Args:
        config: which channels listen here, with their secrets.
        factory: database sessions.
        received: called after new updates were stored (wakes the inbox worker).
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    @app.errorhandler(OperationalError)
    def database_away(error: OperationalError) -> tuple[str, int, dict[str, str]]:
        # Locked past its busy timeout, or down: not stored, so not 200. Telegram and WhatsApp send
        # the call again later; 503 with Retry-After says it is passing, not our bug.
        log.warning("Webhook call not stored, the database is unavailable (%s); the platform will resend",
                    type(error.orig).__name__ if error.orig is not None else "OperationalError")
        return "database unavailable, send again later", 503, {"Retry-After": str(RETRY_AFTER)}

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post(TELEGRAM_PATH)
    def telegram_webhook() -> tuple[str, int]:
        if not config.telegram_webhook:
            abort(404)
        if not telegram_in.secret_ok(request.headers.get(telegram_in.SECRET_HEADER), config.telegram_webhook_secret):
            log.warning("Telegram webhook call with a wrong or missing secret refused")
            abort(403)
        data = request.get_json(silent=True)
        if not isinstance(data, dict) or "update_id" not in data:
            abort(400)
        inbound = telegram_in.inbound_from_update(Update.de_json(data, None))
        if inbound is not None and turns.receive_batch(factory, [inbound]):
            received()
        return "", 200

    @app.get(WHATSAPP_PATH)
    def whatsapp_verify() -> tuple[str, int]:
        if not config.whatsapp:
            abort(404)
        answer = whatsapp_in.challenge(request.args, config.whatsapp_verify_token)
        if answer is None:
            abort(403)
        return answer, 200

    @app.post(WHATSAPP_PATH)
    def whatsapp_webhook() -> tuple[str, int]:
        if not config.whatsapp:
            abort(404)
        body = request.get_data(cache=False)
        if not whatsapp_in.signature_ok(config.whatsapp_app_secret, body, request.headers.get(
                whatsapp_in.SIGNATURE_HEADER)):
            log.warning("WhatsApp webhook call with a wrong or missing signature refused")
            abort(401)
        try:
            payload = json.loads(body)
        except ValueError:
            abort(400)
        inbounds, failures = whatsapp_in.parse(payload, config.whatsapp_phone_number_id)
        new = turns.receive_batch(factory, inbounds) if inbounds else 0
        if failures:
            with factory.begin() as session:
                for failure in failures:
                    outbox.record_status(session, failure.provider_message_id, failure.status, failure.error)
        if new:
            received()
        return "", 200

    return app
