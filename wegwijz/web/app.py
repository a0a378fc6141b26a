"""The Flask application: web chat for newcomers; the portal registers here too."""

from __future__ import annotations

import secrets

from flask import Flask, Response, jsonify, render_template, request

from wegwijz import LANGUAGES
from wegwijz.conversation.replies import language_buttons
from wegwijz.language.normalise import clean_input
from wegwijz.settings import Settings
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

MAX_MESSAGE = 5000
"""Longer web-chat messages are cut here; the assistant reads the beginning anyway."""


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web application."""
    settings = settings or get_settings()
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key
    app.config["WEGWIJZ_SETTINGS"] = settings

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
        )
        return response

    @app.get("/")
    def webchat() -> str:
        # The page opens with "choose your language" in all four languages and the language
        # buttons, so nobody first gets a welcome in a language they cannot read.
        intro = [(lang, say("choose_language", lang)) for lang in LANGUAGES]
        buttons = [b.as_dict() for b in language_buttons()]
        return render_template("webchat.html", intro=intro, buttons=buttons)

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/chat")
    def chat() -> Response | tuple[Response, int]:
        data = request.get_json(silent=True) or {}
        sender = str(data.get("sender") or "")
        if not sender.isalnum() or len(sender) > 64:
            sender = secrets.token_hex(8)
        text = clean_input(str(data.get("message") or ""))[:MAX_MESSAGE]
        # The same path as Telegram and WhatsApp: stored in the inbox, asked to Rasa, closed.
        from wegwijz.channels.gateway import answer_web
        from wegwijz.channels.rasa_client import RasaUnavailable

        try:
            replies = answer_web(settings, sender, text)
        except RasaUnavailable:
            return jsonify({"sender": sender, "replies": [], "error": "unavailable"}), 503
        return jsonify({"sender": sender, "replies": replies})

    _register_optional_blueprints(app)
    return app


def _register_optional_blueprints(app: Flask) -> None:
    """The portal lives in its own package; it is added when present."""
    try:
        from wegwijz.portal import register  # type: ignore[attr-defined]
    except ImportError:
        return
    register(app)


def main() -> None:
    """Serve the web application with waitress (`python -m wegwijz.web.app`)."""
    from waitress import serve

    settings = get_settings()
    settings.check()
    serve(create_app(settings), host=settings.web_host, port=settings.web_port, threads=8)


if __name__ == "__main__":
    main()
