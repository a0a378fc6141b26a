"""Voice messages through the gateway: Telegram sendVoice (multipart) and WhatsApp media upload + audio message,
against loopback fakes that speak the platforms' HTTP APIs, and a fake Rasa that replies like the answer action."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import button_update
from tests.channels.fake_whatsapp import wa_button_reply
from tests.channels.running import telegram_env, whatsapp_env
from tests.voice.fakes import VoiceTelegram, VoiceWhatsApp, is_ogg_opus
from wegwijz import db
from wegwijz.channels.constants import OutboxStatus
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import OutboxMessage
from wegwijz.voice.library import default_library
from wegwijz.voice.models import VoiceSent

PHONE = "31612345678"


def voice_reply(lang: str) -> list[dict[str, object]]:
    """What the answer action replies to the 🔊 button (see wegwijz.voice.chat)."""
    version = default_library().version("huisarts", lang)
    return [{"text": "🔊 «Huisarts», voorgelezen. Luister hieronder."},
            {"custom": {"voice": {"article": "huisarts", "lang": lang, "version": version}}}]


def sent_counts(database_url: str) -> list[tuple[str, str, str]]:
    with db.session_factory(database_url)() as session:
        return [(r.lang, r.channel, r.article_id) for r in session.execute(select(VoiceSent)).scalars()]


def test_telegram_gets_a_voice_note_uploaded_with_send_voice(
        gateway_for: Callable[..., Gateway], fake_telegram: VoiceTelegram, fake_rasa: FakeRasa,
        database_url: str, voice_var: Path) -> None:
    fake_rasa.scripted["/voorlezen huisarts"] = voice_reply("ti")
    gateway_for(telegram_env(fake_telegram))
    chat = 2001

    fake_telegram.push(button_update(chat, "/voorlezen huisarts", "ti"))
    wait_for(lambda: fake_telegram.voices, what="the voice note")
    assert fake_rasa.asked("tg:2001") == ["/voorlezen huisarts"]
    assert fake_telegram.texts_to(chat) == ["🔊 «Huisarts», voorgelezen. Luister hieronder."]
    to, upload = fake_telegram.voices[0]
    assert to == chat and is_ogg_opus(upload.data)
    cached = default_library().voice("huisarts", "ti")
    assert upload.data == cached.path.read_bytes(), "the cached file under var/voice/ is what was sent"
    assert cached.path.is_relative_to(voice_var / "voice")
    wait_for(lambda: sent_counts(database_url), what="the count")
    assert sent_counts(database_url) == [("ti", "tg", "huisarts")]


def test_whatsapp_uploads_the_audio_and_sends_an_audio_message(
        gateway_for: Callable[..., Gateway], fake_whatsapp: VoiceWhatsApp, fake_rasa: FakeRasa,
        database_url: str, voice_var: Path) -> None:
    fake_rasa.scripted["/voorlezen huisarts"] = voice_reply("ar")
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    url = f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope(
        [wa_button_reply(PHONE, "/voorlezen huisarts", "🔊 استمع")])).status_code == 200

    audio = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "audio"], what="the audio")
    texts = [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "text"]
    assert len(texts) == 1 and fake_whatsapp.sent.index(texts[0]) < fake_whatsapp.sent.index(audio[0])
    media = fake_whatsapp.media[audio[0]["audio"]["id"]]
    assert media.content_type == "audio/ogg" and media.filename == "huisarts-ar.ogg"
    assert media.data == default_library().voice("huisarts", "ar").path.read_bytes()
    assert not fake_whatsapp.violations
    wait_for(lambda: sent_counts(database_url), what="the count")
    assert sent_counts(database_url) == [("ar", "wa", "huisarts")]


@pytest.mark.parametrize("article", ["bestaat_niet", "../../etc"])
def test_a_voice_that_cannot_be_made_fails_without_counting(
        gateway_for: Callable[..., Gateway], fake_telegram: VoiceTelegram, fake_rasa: FakeRasa,
        database_url: str, voice_var: Path, article: str) -> None:
    fake_rasa.scripted["/voorlezen x"] = [{"custom": {"voice": {"article": article, "lang": "nl", "version": "v1"}}}]
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(button_update(2002, "/voorlezen x"))

    def settled() -> list[str]:
        with db.session_factory(database_url)() as session:
            return [str(r.status) for r in session.execute(select(OutboxMessage)).scalars()]
    assert wait_for(lambda: [s for s in settled() if s != OutboxStatus.PENDING], what="the outcome") == \
        [OutboxStatus.FAILED]
    assert not fake_telegram.voices and sent_counts(database_url) == []
