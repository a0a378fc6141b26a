"""The Flask application: web chat for newcomers; the portal registers here too."""

from __future__ import annotations

import json
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from wegwijz import LANGUAGES, log_privacy, message_body
from wegwijz.contract import languages
from wegwijz.conversation.replies import language_buttons
from wegwijz.language.normalise import clean_input
from wegwijz.settings import Settings
from wegwijz.settings import get as get_settings
from wegwijz.texts import say
from wegwijz.voice import web as voice_web
from wegwijz.web.identity import COOKIE, ChatIdentity
from wegwijz.web.limits import MAX_CHAT_BODY, MAX_REQUEST_BODY, SenderLimiter

MAX_MESSAGE = 5000
"""Longer web-chat messages are cut here; the assistant reads the beginning anyway."""


def create_app(settings: Settings | None = None, limiter: SenderLimiter | None = None,
               identity: ChatIdentity | None = None) -> Flask:
    """Build the web application.

    Args:
        settings: the process's settings.
        limiter: the per-sender rate limit of the chat (tests pass one with their own clock).
        identity: the chat's identity cookie (tests pass one with their own clock).
    """
    settings = settings or get_settings()
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BODY
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
        forget = [(lang, say("forget_button", lang)) for lang in LANGUAGES]
        confirm = [(lang, say("forget_confirm", lang)) for lang in LANGUAGES]
        # The input hint, the send button and "one moment" follow the person's language once it is known.
        page_texts = {key: {lang: say(f"web_{key}", lang) for lang in LANGUAGES}
                      for key in ("input_hint", "input_label", "send", "wait")}
        page_texts["voice_player"] = {lang: say("voice_player", lang) for lang in LANGUAGES}
        # Every language of the registry, with its own name and direction (the page hard-codes none).
        spoken = [{"code": language.code, "name": language.own_name, "dir": language.direction}
                  for language in languages.REGISTRY]
        direction = {language["code"]: language["dir"] for language in spoken}
        return render_template("webchat.html", intro=intro, buttons=buttons, forget=forget, confirm=confirm,
                               page_texts=page_texts, keep_days=settings.web_idle_days, languages=spoken,
                               direction=direction)

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    limiter = limiter or SenderLimiter()
    identity = identity or ChatIdentity(settings.secret_key, settings.web_idle_days)

    @app.post("/chat")
    def chat() -> Response | tuple[Response, int]:
        if (request.content_length or 0) > MAX_CHAT_BODY:
            return _too_large(settings, identity, request.cookies.get(COOKIE))
        raw = request.get_data(cache=False)
        if len(raw) > MAX_CHAT_BODY:
            return _too_large(settings, identity, request.cookies.get(COOKIE))
        try:
            data = message_body.parse(raw, required=("message",))
        except message_body.BadBody:
            return _kind_refusal("bad_request", None, 400)
        # Who is talking comes from our own cookie, never from the body.
        token = identity.read(request)
        if token is None:
            if not limiter.allow(f"ip:{request.remote_addr}"):  # new ids cannot escape the limit
                return _kind_refusal("slow_down", None, 429)
            token = identity.new_token()
        sender = identity.sender_for(token)
        if not limiter.allow(sender):
            return _kind_refusal("slow_down", _chosen_language(settings, sender), 429)
        log_privacy.remember(data["message"])
        text = clean_input(data["message"])[:MAX_MESSAGE]
        # The same path as Telegram and WhatsApp: stored in the inbox, asked to Rasa, closed.
        from wegwijz.channels.gateway import answer_web
        from wegwijz.channels.rasa_client import RasaUnavailable

        try:
            # The page's own language (kept on the device) is only a hint: it keeps the person's language
            # when the server knows none, as right after /verwijder erased everything.
            hint = data.get("language") if data.get("language") in LANGUAGES else None
            replies = voice_web.with_audio_urls(
                answer_web(settings, sender, text, language_hint=hint, button=data.get("button") is True))
            voice_web.count_players(settings, replies)
            contact = _contact(settings, sender)
            # After a turn the gateway's contact record exists, unless this turn erased the person
            # (/verwijder): then the page forgets its transcript too, keeping only the language in memory.
            answer = jsonify({"replies": replies, "language": contact[1] if contact else None,
                              "erased": contact is None})
        except RasaUnavailable as error:
            # Never an empty reply: a kind "something went wrong, try again" in the person's language.
            answer = jsonify({"replies": [{"text": message_body.kind_text("error", error.lang)}],
                              "error": "unavailable"})
            answer.status_code = 503
        identity.keep(answer, token, secure=request.is_secure)
        return answer

    @app.get("/chat/antwoorden")
    def person_answers() -> Response:
        # Answers a person gave in the portal ("ask a person") and the weekly tips wait here for this chat's page.
        # The cookie is SameSite=Strict, so another site cannot fetch (and so use up) them.
        token = identity.read(request)
        if token is None:
            return jsonify({"replies": []})
        from wegwijz import db
        from wegwijz.db.moments import utcnow
        from wegwijz.digest.sending import fetch_for_web as digest_for_web
        from wegwijz.humanhelp.inbox import fetch_for_web

        with db.session_factory(settings.database_url)() as session:
            sender = f"web:{identity.sender_for(token)}"
            replies: list[dict[str, object]] = [{"text": text} for text in fetch_for_web(session, sender, utcnow())]
            replies += digest_for_web(session, sender, utcnow())  # the weekly tips, when they are on
            session.commit()
        return jsonify({"replies": replies})

    @app.post("/chat/forget")
    def forget() -> Response:
        token = identity.read(request)
        lang = _chosen_language(settings, identity.sender_for(token)) if token else None
        answer = jsonify({"replies": [{"text": message_body.kind_text("forgotten", lang)}]})
        identity.forget(answer, secure=request.is_secure)
        return answer

    voice_web.add_routes(app, settings)
    app.config["WEGWIJZ_TOO_LARGE"] = lambda cookie: _too_large_body(settings, identity, cookie)
    _register_optional_blueprints(app)
    return app


def _known_language(settings: Settings, identity: ChatIdentity, cookie: str | None) -> str | None:
    """The chosen language of the person whose chat cookie value is `cookie`, when known."""
    token = identity.read_value(cookie)
    try:
        return _chosen_language(settings, identity.sender_for(token)) if token else None
    except SQLAlchemyError:  # the database away: the reply goes in all four languages
        return None


def _too_large_body(settings: Settings, identity: ChatIdentity, cookie: str | None) -> bytes:
    """The JSON of a 413: "send it shorter" in the person's language, else in all four."""
    lang = _known_language(settings, identity, cookie)
    return json.dumps({"replies": [{"text": message_body.kind_text("too_large", lang)}], "error": "too_large"},
                      ensure_ascii=False).encode("utf-8")


def _too_large(settings: Settings, identity: ChatIdentity, cookie: str | None) -> tuple[Response, int]:
    return Response(_too_large_body(settings, identity, cookie), mimetype="application/json"), 413


def _kind_refusal(key: str, lang: str | None, status: int) -> tuple[Response, int]:
    """A refusal the chat shows as a message: `key` in the person's language, else in all four."""
    error = {400: "bad_request", 413: "too_large", 429: "slow_down"}[status]
    return jsonify({"replies": [{"text": message_body.kind_text(key, lang)}], "error": error}), status


def _chosen_language(settings: Settings, sender: str) -> str | None:
    """The language the web sender chose in the chat, when known."""
    return _contact_languages(settings, sender)[0]


def _contact_languages(settings: Settings, sender: str) -> tuple[str | None, str | None]:
    """(chosen, spoken) language of a web sender, from the gateway's contact record."""
    return _contact(settings, sender) or (None, None)


def _contact(settings: Settings, sender: str) -> tuple[str | None, str | None] | None:
    """(chosen, spoken) language of a web sender; None when the gateway keeps no contact record for it."""
    from wegwijz import db
    from wegwijz.channels.models import ChannelContact

    with db.session_factory(settings.database_url)() as session:
        contact = session.get(ChannelContact, f"web:{sender}")
        return (contact.chosen_language, contact.language) if contact else None


def _register_optional_blueprints(app: Flask) -> None:
    """The portal lives in its own package; it is added when present."""
    try:
        from wegwijz.portal import register  # type: ignore[attr-defined]
    except ImportError:
        return
    register(app)


def main() -> None:
    """Serve the web application with waitress (`python -m wegwijz.web.app`)."""
    settings = get_settings()
    settings.check()
    log_privacy.install()
    make_server(create_app(settings), settings.web_host, settings.web_port, threads=8).run()


class _KindErrorTask(ErrorTask):
    """Waitress's error reply, except a body over the limit: a kind JSON reply, as the chat shows it."""

    too_large: Callable[[str | None], bytes] | None = None

    def execute(self) -> None:
        if self.request.error.code != 413 or self.too_large is None:
            super().execute()
            return
        body = self.too_large(_cookie(self.request.headers.get("COOKIE", "")))
        self.status = "413 Request Entity Too Large"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def _cookie(header: str) -> str | None:
    try:
        morsel = SimpleCookie(header).get(COOKIE)
    except CookieError:
        return None
    return morsel.value if morsel else None


def make_server(app: Flask, host: str, port: int, **options: Any) -> Any:
    """Waitress serving `app`: bodies over `MAX_REQUEST_BODY` are refused unread, with a kind 413 reply."""
    server = create_server(app, host=host, port=port, max_request_body_size=MAX_REQUEST_BODY, **options)
    task = type("KindErrorTask", (_KindErrorTask,), {"too_large": staticmethod(app.config["WEGWIJZ_TOO_LARGE"])})
    server.channel_class = type("KindChannel", (HTTPChannel,), {"error_task_class": task})
    return server


if __name__ == "__main__":
    main()
