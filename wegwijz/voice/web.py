"""Read-aloud in the web chat: the audio file behind the chat's player, and the count of players shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, abort, send_file

from wegwijz import LANGUAGES
from wegwijz.settings import Settings
from wegwijz.voice import counts
from wegwijz.voice.library import CONTENT_TYPE, VoiceUnavailable, library_for
from wegwijz.voice.switch import is_enabled

AUDIO_PATH = "chat/voorlezen/{article}/{lang}.ogg?v={version}"
"""Where the chat page finds an answer's audio (relative to the page, like `chat`)."""


def add_routes(app: Flask, settings: Settings) -> None:
    """Serve the voice messages at `/chat/voorlezen/<article>/<lang>.ogg` (only in languages switched on).

    The file is a kennisbank article spoken: public, the same for everyone, so it needs no cookie.
    """
    from wegwijz import db

    @app.get("/chat/voorlezen/<article_id>/<lang>.ogg")
    def voice_audio(article_id: str, lang: str) -> Response:
        if lang not in LANGUAGES:
            abort(404)
        with db.session_factory(settings.database_url)() as session:
            if not is_enabled(session, lang):
                abort(404)
        try:
            made = library_for(settings).voice(article_id, lang)
        except VoiceUnavailable:
            abort(404)
        response = send_file(made.path, mimetype=CONTENT_TYPE, conditional=True, max_age=3600,
                             download_name=made.name)
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response


def with_audio_urls(replies: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's replies for the page: a voice payload gets the address of its audio file."""
    shown = []
    for reply in replies:
        voice = (reply.get("custom") or {}).get("voice") if isinstance(reply.get("custom"), dict) else None
        if isinstance(voice, dict) and voice.get("article") and voice.get("lang"):
            voice = dict(voice, url=AUDIO_PATH.format(article=voice["article"], lang=voice["lang"],
                                                      version=voice.get("version", "")))
            reply = dict(reply, custom=dict(reply["custom"], voice=voice))
        shown.append(reply)
    return shown


def count_players(settings: Settings, replies: Iterable[dict[str, Any]]) -> None:
    """Count each voice message the web chat is about to show as a player."""
    from wegwijz import db

    voices = [reply["custom"]["voice"] for reply in replies
              if isinstance(reply.get("custom"), dict) and isinstance(reply["custom"].get("voice"), dict)]
    if not voices:
        return
    with db.session_factory(settings.database_url).begin() as session:
        for voice in voices:
            counts.record_payload(session, "web", {"voice": voice})
