"""The chat side of read-aloud: the 🔊 button under an answer, and the reply when it is pressed.

Read-aloud needs no Rasa intent of its own (no retraining): the button's payload
(`/voorlezen <article>`) and the typed command (`/voorlezen`, declared with its aliases in
`wegwijz.contract.commands`) reach the kennisbank answer action as an unknown command, like
"ask a person". The reply is a short text and a `{"voice": {...}}` custom payload naming the
article, the language and the version; each channel turns that into its own voice message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from wegwijz.contract import commands
from wegwijz.conversation.replies import Button, Reply
from wegwijz.texts import say
from wegwijz.voice.library import VoiceLibrary, VoiceUnavailable, default_library
from wegwijz.voice.switch import enabled_languages

log = logging.getLogger(__name__)

COMMAND = "voorlezen"
"""The command's name in the registry (`/voorlezen`, `/listen`, `/استمع`, `/ስምዑ`)."""
PAYLOAD = "/" + COMMAND
"""What the 🔊 button sends, followed by the article id."""


def voice_button(article_id: str, lang: str) -> Button:
    """The 🔊 button under an answer."""
    return Button(say("voice_button", lang), f"{PAYLOAD} {article_id}")


def offer_voice(replies: Sequence[Reply], lang: str, enabled: frozenset[str]) -> list[Reply]:
    """`replies` with the 🔊 button under the kennisbank answer in `lang`, when `lang` is switched on."""
    if lang not in enabled:
        return list(replies)
    shown: list[Reply] = []
    for reply in replies:
        source = (reply.custom or {}).get("source") or {}
        if source.get("lang") == lang and source.get("article"):
            reply = Reply(reply.text, (*reply.buttons, voice_button(str(source["article"]), lang)), reply.custom)
        shown.append(reply)
    return shown


def requested(text: str | None) -> tuple[bool, str | None]:
    """Whether a message asks for read-aloud, and of which article (None: the last answer).

    The button sends `/voorlezen <article>`; a typed `/voorlezen` arrives without its slash
    (the gateway drops it from commands without an intent), so "voorlezen" alone asks too.
    """
    words = (text or "").split()
    if not words or len(words) > 2:
        return False, None
    command = commands.find(words[0].lstrip("/").split("@")[0])
    if command is None or command.name != COMMAND:
        return False, None
    return True, words[1] if len(words) == 2 else None


def respond(text: str | None, last_article: str | None, lang: str, enabled: frozenset[str],
            library: VoiceLibrary) -> list[Reply] | None:
    """The replies to a read-aloud request; None when the message is no such request.

    Only a kennisbank article is ever read: the article named by the button, or the last one answered.
    """
    asked, article_id = requested(text)
    if not asked:
        return None
    if lang not in enabled:
        return [Reply(say("voice_not_offered", lang))]
    article_id = article_id or last_article
    if not article_id:
        return [Reply(say("voice_nothing_to_read", lang))]
    try:
        article = library.article(article_id)
        version = library.version(article.id, lang)
    except VoiceUnavailable:
        return [Reply(say("voice_nothing_to_read", lang))]
    title = article.translations[lang].title
    return [Reply(say("voice_here", lang, title=title),
                  custom={"voice": {"article": article.id, "lang": lang, "version": version}})]


def in_chat(session_factory: Callable[[], Any], text: str | None, last_article: str | None,
            lang: str) -> list[Reply] | None:
    """`respond` for a chat turn, with the languages switched on read from the database."""
    if not requested(text)[0]:
        return None
    enabled = enabled_now(session_factory)
    return respond(text, last_article, lang, enabled, default_library())


def enabled_now(session_factory: Callable[[], Any]) -> frozenset[str]:
    """The languages switched on, read with a session of its own.

    When the setting cannot be read (the database away), no language is on: an answer still goes
    out, only without 🔊, which is the safe side.
    """
    try:
        with session_factory() as session:
            return enabled_languages(session)
    except SQLAlchemyError as error:
        log.warning("read-aloud settings not readable, so not offered: %s", type(error).__name__)
        return frozenset()
