"""The language is decided once, in the gateway, and everything that speaks to the person uses it.

Through the real gateway against loopback fakes of WhatsApp, Telegram and Rasa: the decided language
travels to Rasa as message metadata, and the gateway's own words (list labels, "one moment", the
WhatsApp template) follow the same value. A mixed-language message does not change it; a choice does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, button_update, media_update, text_update
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_message
from tests.channels.running import telegram_env, whatsapp_env
from wegwijz import db
from wegwijz.channels import outbox
from wegwijz.channels.formatting import RLM
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import ChannelContact
from wegwijz.texts import say

PHONE = "31611122233"
SENDER = f"wa:{PHONE}"
DUTCH_ANSWER = "Ik werk graag met mijn handen, het liefst in de tuin."
"""One Dutch sentence from an Arabic speaker, in the middle of the intake (practice, or a pasted answer)."""
QUESTION = [{"text": "ما هي الأشياء التي تحب أن تفعلها؟",
             "buttons": [{"title": title, "payload": f'/choose_answer{{"choice":"{choice}"}}'}
                         for title, choice in (("العمل", "work"), ("الدراسة", "study"), ("الرياضة", "sport"),
                                               ("الموسيقى", "music"), ("الطبخ", "cooking"))]}]
CHECKIN = [{"text": "كيف حالك بعد ستة أشهر في Zeist؟"}]


def contact(database_url: str, sender: str) -> ChannelContact:
    with db.session_factory(database_url)() as session:
        found = session.get(ChannelContact, sender)
        assert found is not None
        session.expunge(found)
        return found


def write(fake: FakeWhatsApp, url: str, text: str) -> None:
    count = len(fake.sent_to(PHONE))
    assert fake.post_webhook(url, fake.envelope([wa_message(PHONE, text=text)])).status_code == 200
    wait_for(lambda: len(fake.sent_to(PHONE)) > count, what=f"an answer to {text!r}")


def test_a_dutch_sentence_in_an_arabic_intake_keeps_everything_arabic_until_they_choose(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, fake_rasa: FakeRasa,
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_TEMPLATE_CHECKIN", "wegwijz_checkin")
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    url = f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"
    write(fake_whatsapp, url, "مرحبا، أريد أن أبدأ المقابلة")
    fake_rasa.scripted[DUTCH_ANSWER] = QUESTION

    write(fake_whatsapp, url, DUTCH_ANSWER)
    [question] = fake_whatsapp.sent_to(PHONE)[1:]
    assert question["interactive"]["type"] == "list"  # five answers are more than three reply buttons
    assert question["interactive"]["action"]["button"] == say("channel_list_button", "ar")
    assert say("channel_list_button", "ar") != say("channel_list_button", "nl")
    assert fake_rasa.metadata(SENDER) == [{"language": "ar"}, {"language": "ar"}], "Rasa hears Arabic too"
    assert (contact(database_url, SENDER).language, contact(database_url, SENDER).chosen_language) == ("ar", None)

    fake_rasa.stop()  # Rasa away: the gateway's own "one moment" is Arabic as well
    write(fake_whatsapp, url, "Ik spreek al een beetje Nederlands, maar nog niet goed.")
    assert fake_whatsapp.sent_to(PHONE)[-1]["text"]["body"] == RLM + say("channel_one_moment", "ar")
    fake_rasa.start()
    wait_for(lambda: fake_whatsapp.sent_to(PHONE)[-1].get("text", {}).get("body", "").startswith("echo: Ik spreek"),
             what="the answer once Rasa is back")
    assert fake_rasa.metadata(SENDER)[-1] == {"language": "ar"}

    # A day later the check-in waits behind a template: in Arabic.
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=30)
    with db.session_factory(database_url).begin() as session:
        session.get(ChannelContact, SENDER).last_inbound_at = then
    fake_whatsapp.last_inbound[PHONE] = then.timestamp()
    with db.session_factory(database_url).begin() as session:
        assert outbox.enqueue_proactive(session, SENDER, CHECKIN).how == "template"
    template = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "template"],
                        what="the template")[0]
    assert template["template"] == {"name": "wegwijz_checkin", "language": {"code": "ar"}}

    # Only an explicit choice changes the language: here one Rasa understood in words.
    write(fake_whatsapp, url, "English please")
    wait_for(lambda: any(m.get("text", {}).get("body") == "Fine, we will continue in English."
                         for m in fake_whatsapp.sent_to(PHONE)), what="the answer to the choice")
    assert (contact(database_url, SENDER).language, contact(database_url, SENDER).chosen_language) == ("en", "en")
    write(fake_whatsapp, url, DUTCH_ANSWER)
    last = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "interactive"][1:],
                    what="the question again")[-1]
    assert last["interactive"]["action"]["button"] == say("channel_list_button", "en")
    assert fake_rasa.metadata(SENDER)[-1] == {"language": "en"}
    assert fake_whatsapp.violations == []


def test_a_language_button_is_a_choice_and_a_later_arabic_message_does_not_undo_it(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
        database_url: str) -> None:
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(text_update(7701, "مرحبا", language_code="ar"))
    wait_for(lambda: fake_telegram.messages_to(7701), what="the welcome")
    fake_telegram.push(button_update(7701, '/choose_language{"language":"nl"}', language_code="ar"))
    wait_for(lambda: len(fake_rasa.asked("tg:7701")) == 2, what="the choice")
    fake_telegram.push(text_update(7701, "أين أجد طبيب العائلة؟", language_code="ar"))
    wait_for(lambda: len(fake_rasa.asked("tg:7701")) == 3, what="the question")
    assert [m["language"] for m in fake_rasa.metadata("tg:7701")] == ["ar", "nl", "nl"]
    assert contact(database_url, "tg:7701").chosen_language == "nl"


def test_telegram_app_language_is_the_first_hint_for_a_new_contact(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
        database_url: str) -> None:
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(text_update(7801, "/start", language_code="en-US"))
    wait_for(lambda: fake_telegram.messages_to(7801), what="the welcome")
    assert fake_rasa.metadata("tg:7801") == [{"language": "en"}], "en-US is English, and Rasa is told"
    assert contact(database_url, "tg:7801").language is None, "a hint, not yet their language"
    fake_telegram.push(text_update(7801, "Waar kan ik Nederlandse les krijgen?", language_code="en-US"))
    wait_for(lambda: len(fake_rasa.asked("tg:7801")) == 2, what="the question")
    assert fake_rasa.metadata("tg:7801")[-1] == {"language": "nl"}, "what they write beats the app language"

    fake_telegram.push(media_update(7802, "sticker", language_code="ar-EG"))  # no words at all: the hint speaks
    wait_for(lambda: fake_telegram.messages_to(7802), what="the kind reply")
    assert fake_telegram.texts_to(7802) == [RLM + say("channel_media_sticker", "ar")]
